/**
 * Bounded copies of hostile input: cut before serialising, so a huge value is as cheap to reject
 * or report as a small one, and no message, path or alert carries more than a bounded copy.
 */
import { handler as confineGroup } from '../../../lambdas/confine-security-group';
import { handler as isolateEc2 } from '../../../lambdas/isolate-ec2';
import { bounded, MAX_COPIED, preview } from '../../../lambdas/shared/bounded';
import { InvalidEventError, quote } from '../../../lambdas/shared/errors';
import { parseEvent } from '../../../lambdas/shared/events';
import type { Outcome } from '../../../lambdas/shared/outcome';
import { alertOutcome } from '../../../lambdas/shared/report';
import hubIsolate from '../../fixtures/securityhub/ec2-isolate-action.json';
import hubGroup from '../../fixtures/securityhub/sg-open-ssh.json';
import { createMocks, resetAll, sentActions } from '../../support/aws';

const mocks = createMocks();
const MIB = 1024 * 1024;
const MARK = '\u2603';

beforeEach(() => {
  resetAll(mocks);
});

/** The longest run of `char` in `text`. */
function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** Runs `act` and returns what it threw, with the CPU time it took in ms. */
function timedThrow(act: () => unknown): { error: unknown; ms: number } {
  const start = process.cpuUsage();
  let error: unknown;
  try {
    act();
  } catch (e) {
    error = e;
  }
  const used = process.cpuUsage(start);
  return { error, ms: (used.user + used.system) / 1000 };
}

describe('bounded', () => {
  it('cuts before escaping, so a 1 MiB string costs no more than a short one', () => {
    // Arrange
    const huge = '\n'.repeat(MIB);

    // Act
    const out = bounded(huge, 16);

    // Assert
    expect(out).toBe(`${'\\u000a'.repeat(2)}\\u00…`);
    expect(out.length).toBeLessThanOrEqual(17);
  });

  it('keeps a short string as it is, escaping control characters', () => {
    expect([bounded('i-0abc'), bounded('a\u0007b')]).toEqual(['i-0abc', 'a\\u0007b']);
  });
});

describe('preview and quote', () => {
  it('stop serialising a huge object at the limit', () => {
    // Arrange: 200,000 objects, about 5 MB of JSON
    const huge = Array.from({ length: 200_000 }, (_, i) => ({ key: `value-${i}` }));

    // Act
    const start = process.cpuUsage();
    const quoted = quote(huge);
    const used = process.cpuUsage(start);

    // Assert
    expect(quoted).toBe(JSON.stringify(`[${Array(16).fill('{…}').join(',')}…`));
    expect((used.user + used.system) / 1000).toBeLessThan(50);
  });

  it('print small values as JSON does, objects as {…}', () => {
    expect(preview([1, null, 'x', undefined, true, { a: 1 }])).toBe('[1,null,"x",null,true,{…}]');
  });

  it('never list the keys of an object, which costs as much as the object is big', () => {
    // Arrange: 300,000 keys
    const huge = Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`k${i}`, i]));

    // Act
    const start = process.cpuUsage();
    const out = preview(huge);
    const used = process.cpuUsage(start);

    // Assert
    expect(out).toBe('{…}');
    expect((used.user + used.system) / 1000).toBeLessThan(5);
  });
});

describe('InvalidEventError: hostile input', () => {
  it('names a 1 MiB record key in a bounded path, fast', () => {
    // Act
    const { error, ms } = timedThrow(() => {
      throw InvalidEventError.fromIssues(
        [{ path: ['Tags', MARK.repeat(MIB)], message: 'Too big', input: MARK.repeat(MIB) }],
        ['detail', 'findings', 0, 'Resources', 0],
      );
    });

    // Assert
    const message = (error as Error).message;
    expect(message.startsWith('detail.findings[0].Resources[0].Tags.')).toBe(true);
    expect(longestRun(message, MARK)).toBeLessThanOrEqual(64);
    expect(message.length).toBeLessThan(400);
    expect(ms).toBeLessThan(100);
  });

  it('does not reject an event for a 1 MiB tag key: tags in a finding are never read', () => {
    // Arrange
    const event = structuredClone(hubIsolate);
    const resource = event.detail.findings[0]?.Resources[0] as { Tags: Record<string, string> };
    resource.Tags = { [MARK.repeat(MIB)]: 'v' };

    // Act
    const sources = parseEvent(event, ['securityhub']);

    // Assert
    expect(sources).toHaveLength(2);
  });

  it('rejects an oversized event cheaply: findings that are a huge object, not a list', async () => {
    // Arrange: 300,000 keys, about 6 MB of JSON, where a list is expected
    const event = structuredClone(hubIsolate) as { detail: { findings: unknown } };
    event.detail.findings = Object.fromEntries(
      Array.from({ length: 300_000 }, (_, i) => [`k${i}`, `value-${i}`]),
    );

    // Act
    const start = process.cpuUsage();
    const error = await isolateEc2(event).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const used = process.cpuUsage(start);

    // Assert
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error?.message.length).toBeLessThan(300);
    expect((used.user + used.system) / 1000).toBeLessThan(100);
    expect(sentActions(mocks)).toEqual([]);
  });

  it('bounds the message of any path and detail it is given', () => {
    // Act
    const error = new InvalidEventError('p'.repeat(MIB), 'd'.repeat(MIB));

    // Assert
    expect(error.message.length).toBeLessThan(800);
    expect(error.path.length).toBeLessThanOrEqual(257);
  });

  it.each<[string, (event: typeof hubIsolate) => void, (e: unknown) => Promise<unknown>]>([
    [
      'an instance ARN with a 400-character region',
      (e) => {
        (e.detail.findings[0]?.Resources[0] as { Id: string }).Id =
          `arn:aws:ec2:${'q'.repeat(400)}-1:222222222222:instance/i-0a1b2c3d4e5f60789`;
      },
      isolateEc2,
    ],
    [
      'a security group ARN with a 400-character region',
      (e) => {
        const group = structuredClone(hubGroup.detail.findings[0]?.Resources[0]) as {
          Id: string;
          Details?: unknown;
        };
        // Without details, the ARN is the only statement of the group.
        delete group.Details;
        group.Id = `arn:aws:ec2:us-${'q'.repeat(400)}-1:222222222222:security-group/sg-0a1b2c3d4e5f60718`;
        (e.detail.findings[0] as { Resources: unknown[] }).Resources = [group];
      },
      confineGroup,
    ],
  ])('copies at most 64 characters of %s, before any AWS call', async (_what, change, handler) => {
    // Arrange
    const event = structuredClone(hubIsolate);
    change(event);

    // Act
    const error = await handler(event).then(
      () => undefined,
      (e: unknown) => e as Error,
    );

    // Assert
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(longestRun(error?.message ?? '', 'q')).toBeLessThanOrEqual(64);
    expect(sentActions(mocks)).toEqual([]);
  });
});

describe('alertOutcome', () => {
  it(`cuts every copied field to ${MAX_COPIED} characters and the reason to 1024`, () => {
    // Arrange
    const long = '\u2603'.repeat(5000);
    const outcome: Outcome = {
      status: 'failed',
      responder: 'isolate-ec2',
      accountId: '222222222222',
      region: 'eu-west-1',
      resource: long,
      findingId: long,
      findingType: long,
      reason: long,
      steps: [{ action: 'ec2:CreateTags', target: long, status: 'failed', detail: long }],
    };

    // Act
    const alert = alertOutcome(outcome);

    // Assert
    const copies = [alert.resource, alert.findingId, alert.findingType, alert.steps[0]?.target];
    expect(copies.map((c) => longestRun(c ?? '', '\u2603'))).toEqual([256, 256, 256, 256]);
    expect(longestRun(alert.reason, '\u2603')).toBe(1024);
    expect(longestRun(alert.steps[0]?.detail ?? '', '\u2603')).toBe(512);
  });
});
