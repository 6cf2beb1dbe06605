import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import {
  planConfinement,
  portsText,
  replacementDescription,
} from '../../../lambdas/confine-security-group/plan';

const rule = (id: string, fields: Partial<SecurityGroupRule>): SecurityGroupRule => ({
  SecurityGroupRuleId: id,
  IsEgress: false,
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  ...fields,
});

describe('confine-security-group plan: replacement description', () => {
  it('names the finding and keeps only the characters EC2 accepts', () => {
    // Act
    const text = replacementDescription('IPv4', 'rule/sg-1 <x> "y" ~z');

    // Assert
    expect(text).toBe('security-ir: replaces 0.0.0.0/0, finding rule/sg-1 -x- -y- -z');
  });

  it('stays within 255 characters and keeps the tail of a long finding id', () => {
    // Act
    const text = replacementDescription(
      'IPv6',
      `arn:aws:securityhub:${'x'.repeat(400)}/finding/abc123`,
    );

    // Assert
    expect(text).toHaveLength(255);
    expect(text.startsWith('security-ir: replaces ::/0, finding ')).toBe(true);
    expect(text.endsWith('/finding/abc123')).toBe(true);
  });
});

describe('confine-security-group plan: rules', () => {
  it('replaces an all-traffic rule with all-traffic rules from the allowed ranges', () => {
    // Act
    const plan = planConfinement(
      [rule('sgr-1', { IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' })],
      { IPv4: ['10.0.0.0/8'], IPv6: [] },
      'f-1',
    );

    // Assert
    expect(plan.permissions).toEqual([
      {
        IpProtocol: '-1',
        FromPort: -1,
        ToPort: -1,
        IpRanges: [
          { CidrIp: '10.0.0.0/8', Description: 'security-ir: replaces 0.0.0.0/0, finding f-1' },
        ],
      },
    ]);
    expect(portsText(plan.open[0] ?? { protocol: '', fromPort: 0, toPort: 0 })).toBe('all traffic');
  });

  it('compares IPv6 ranges without regard to letter case when looking for existing ones', () => {
    // Act
    const plan = planConfinement(
      [rule('sgr-1', { CidrIpv6: '::/0' }), rule('sgr-2', { CidrIpv6: 'fd00::/8' })],
      { IPv4: [], IPv6: ['FD00::/8'] },
      'f-1',
    );

    // Assert
    expect(plan.permissions).toEqual([]);
    expect(plan.open.map((o) => o.ruleId)).toEqual(['sgr-1']);
  });

  it('ignores open egress and ranges that are merely wide', () => {
    // Act
    const plan = planConfinement(
      [
        rule('sgr-1', { IsEgress: true, CidrIpv4: '0.0.0.0/0' }),
        rule('sgr-2', { CidrIpv4: '0.0.0.0/1' }),
        rule('sgr-3', { FromPort: 1000, ToPort: 2000, CidrIpv4: '0.0.0.0/0', IpProtocol: 'udp' }),
      ],
      { IPv4: ['10.0.0.0/8'], IPv6: [] },
      'f-1',
    );

    // Assert
    expect(plan.open).toEqual([
      { ruleId: 'sgr-3', family: 'IPv4', protocol: 'udp', fromPort: 1000, toPort: 2000 },
    ]);
    expect(portsText(plan.open[0] ?? { protocol: '', fromPort: 0, toPort: 0 })).toBe(
      'udp 1000-2000',
    );
  });
});
