import { approveCommand, eventOfFinding, pendingApproval } from '../../../lambdas/shared/approval';

describe('approval: the approve command', () => {
  it('leaves ids that no shell treats specially unquoted', () => {
    expect(approveCommand('a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b', 'isolate-ec2')).toBe(
      'security-ir approve a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b --responder isolate-ec2',
    );
    expect(
      approveCommand(
        'arn:aws:guardduty:us-east-1:222222222222:detector/d/finding/f',
        'isolate-ec2',
      ),
    ).toBe(
      'security-ir approve arn:aws:guardduty:us-east-1:222222222222:detector/d/finding/f --responder isolate-ec2',
    );
  });

  it('quotes any other id, a single quote included, so that pasting it runs nothing else', () => {
    expect(approveCommand("x'; rm -rf ~; echo '", 'block-principal')).toBe(
      `security-ir approve 'x'\\''; rm -rf ~; echo '\\''' --responder block-principal`,
    );
  });

  it('expires the given number of minutes after the plan', () => {
    const at = new Date('2026-12-06T20:00:00.000Z');
    expect(pendingApproval('f1', 'isolate-ec2', at, 90).expiresAt).toBe('2026-12-06T21:30:00.000Z');
  });
});

describe('approval: the event kept for a finding', () => {
  const envelope = {
    source: 'aws.securityhub',
    'detail-type': 'Security Hub Findings - Custom Action',
  };

  it('keeps only the finding at the path of a Security Hub event', () => {
    const event = {
      ...envelope,
      detail: { actionName: 'x', findings: [{ Id: 'a' }, { Id: 'b' }] },
    };
    expect(eventOfFinding(event, 'detail.findings[1]')).toEqual({
      ...envelope,
      detail: { actionName: 'x', findings: [{ Id: 'b' }] },
    });
  });

  it('keeps a single-finding event whole', () => {
    const event = { source: 'aws.guardduty', detail: { id: 'f' } };
    expect(eventOfFinding(event, 'detail')).toBe(event);
  });
});
