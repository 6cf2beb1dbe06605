/**
 * `respond --plan` (and `--offline`): what the responder would do, from the event and the
 * configuration alone, marked as offline, with no AWS call; and the hint a bare finding gets.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { envelopeHint } from '../../cli/pick-responder';
import type { OfflinePlan } from '../../cli/respond-plan';
import { parseConfig } from '../../modules/config/load';
import configSgFixture from '../fixtures/config/sg-restricted-ssh.json';
import backdoorFixture from '../fixtures/guardduty/ec2-backdoor.json';
import sampleFixture from '../fixtures/guardduty/sample-ec2-spambot.json';
import hubIsolateFixture from '../fixtures/securityhub/ec2-isolate-action.json';
import { createMocks, resetAll, sentActions } from '../support/aws';

const mocks = createMocks();
const dir = mkdtempSync(join(tmpdir(), 'cli-respond-plan-'));
const OU = 'ou-ab12-cdef3456';

function eventFile(name: string, event: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(event));
  return path;
}

async function run(args: string[], config = parseConfig({})) {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: { write: (s: string) => (out += s) },
    err: { write: (s: string) => (err += s) },
    config: () => config,
  });
  return { code, out, err };
}

beforeEach(() => resetAll(mocks));

describe('respond --plan: a GuardDuty finding', () => {
  it('names the responder, the finding, the mode and the steps, marked offline, with no AWS call', async () => {
    // Arrange
    const file = eventFile('backdoor', backdoorFixture);

    // Act
    const { code, out } = await run(['respond', file, '--plan']);

    // Assert
    expect(code).toBe(0);
    expect(out).toMatch(/^OFFLINE PLAN: .* No AWS call was made and no\ncredentials were used/);
    expect(out).toContain(
      'Responder: isolate-ec2 (GuardDuty finding type Backdoor:EC2/C&CActivity.B on an Instance is contained by isolate-ec2)',
    );
    expect(out).toContain('account 222222222222, region us-east-1, resource i-0a1b2c3d4e5f60789');
    expect(out).toContain('response mode: dry-run (responseModes.default)');
    expect(out).toContain('skip it if it carries the exception tag SecurityException');
    expect(sentActions(mocks)).toEqual([]);
  });

  it('answers the same to --offline, and as JSON with offline: true', async () => {
    // Arrange
    const file = eventFile('backdoor-json', backdoorFixture);
    const config = parseConfig({ responseModes: { accounts: { '222222222222': 'contain' } } });

    // Act
    const { code, out } = await run(['respond', file, '--offline', '--json'], config);

    // Assert
    expect(code).toBe(0);
    const plan = JSON.parse(out) as OfflinePlan;
    expect(plan).toMatchObject({ offline: true, responder: 'isolate-ec2' });
    expect(plan.findings).toEqual([
      expect.objectContaining({
        decision: 'respond',
        resource: 'i-0a1b2c3d4e5f60789',
        mode: 'contain (responseModes.accounts.222222222222)',
      }),
    ]);
    expect(sentActions(mocks)).toEqual([]);
  });

  it('says that a sample finding would be ignored', async () => {
    // Act
    const { code, out } = await run(['respond', eventFile('sample', sampleFixture), '--plan']);

    // Assert
    expect(code).toBe(0);
    expect(out).toMatch(/would end ignored: .*sample/i);
  });

  it('does not pretend to know an OU mode it cannot resolve offline', async () => {
    // Arrange
    const config = parseConfig({ responseModes: { organizationalUnits: { [OU]: 'contain' } } });

    // Act
    const { out } = await run(['respond', eventFile('ou', backdoorFixture), '--plan'], config);

    // Assert
    expect(out).toContain(
      `the nearest of responseModes.organizationalUnits above the account (${OU})`,
    );
    expect(out).toContain('not resolved offline');
  });
});

describe('respond --plan: other sources', () => {
  it.each([
    [
      'a Security Hub custom action (two findings)',
      hubIsolateFixture,
      'isolate-ec2',
      ['i-0a1b2c3d4e5f60789', 'i-0e5d4c3b2a1f09876'],
    ],
    ['a Config rule', configSgFixture, 'confine-security-group', ['sg-0a1b2c3d4e5f60718']],
  ])('plans %s offline', async (_case, event, responder, resources) => {
    // Act
    const { code, out } = await run(['respond', eventFile(responder, event), '--plan', '--json']);

    // Assert
    expect(code).toBe(0);
    const plan = JSON.parse(out) as OfflinePlan;
    expect(plan.responder).toBe(responder);
    expect(plan.findings.map((f) => f.resource)).toEqual(resources);
    expect(sentActions(mocks)).toEqual([]);
  });

  it('rejects an event the responder rejects, with exit 2 and no AWS call', async () => {
    // Arrange
    const event = structuredClone(backdoorFixture);
    event.detail.resource.instanceDetails.instanceId = 'i-$(reboot)';

    // Act
    const { code, err } = await run(['respond', eventFile('bad', event), '--plan']);

    // Assert
    expect(code).toBe(2);
    expect(err).toContain(
      'isolate-ec2 rejects the event: detail.resource.instanceDetails.instanceId',
    );
    expect(sentActions(mocks)).toEqual([]);
  });

  it('refuses --plan with --contain', async () => {
    const { code, err } = await run([
      'respond',
      eventFile('c', backdoorFixture),
      '--plan',
      '--contain',
    ]);
    expect(code).toBe(2);
    expect(err).toContain("option '--plan' cannot be used with option '--contain'");
  });
});

describe('respond: a bare finding', () => {
  it.each([
    [
      'a GuardDuty finding',
      backdoorFixture.detail,
      'source "aws.guardduty", detail-type "GuardDuty Finding"',
    ],
    [
      'a Security Hub finding',
      hubIsolateFixture.detail.findings[0],
      'source "aws.securityhub", detail-type "Security Hub Findings - Custom Action"',
    ],
    [
      'the findings of `aws securityhub get-findings`',
      { Findings: hubIsolateFixture.detail.findings },
      'source "aws.securityhub"',
    ],
    ['the detail of a Config event', configSgFixture.detail, 'source "aws.config"'],
  ])('says that %s needs its EventBridge envelope, and which', async (_case, bare, envelope) => {
    // Act
    const { code, err } = await run(['respond', eventFile('bare', bare), '--plan']);

    // Assert
    expect(code).toBe(2);
    expect(err).toContain('no responder takes source null');
    expect(err).toContain('responders read the raw EventBridge event');
    expect(err).toContain(envelope);
  });

  it('recognises GuardDuty GetFindings output (PascalCase) as not an event', () => {
    const hint = envelopeHint({
      Findings: [{ AccountId: '222222222222', Type: 'Backdoor:EC2/C&CActivity.B', Resource: {} }],
    });
    expect(hint).toContain("GuardDuty's GetFindings output (PascalCase)");
  });

  it('gives no hint for an object that is no finding', () => {
    expect(envelopeHint({ hello: 'world' })).toBeUndefined();
  });
});
