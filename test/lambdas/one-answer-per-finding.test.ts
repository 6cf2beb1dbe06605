/**
 * Each contained family answers a GuardDuty finding once when it arrives natively and through the
 * new Security Hub (OCSF) together, and once more when an analyst's ASFF copy follows: one
 * containment's writes, one `contained` outcome, the other copies `ignored` ("already answered")
 * and not notified. The ledger is real (dynalite); member accounts are mocked per family.
 */

import {
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { handler as blockPrincipal } from '../../lambdas/block-principal';
import { handler as containLambda } from '../../lambdas/contain-lambda-function';
import { handler as isolateEc2 } from '../../lambdas/isolate-ec2';
import { handler as isolateEcsTask } from '../../lambdas/isolate-ecs-task';
import { handler as restoreBucket } from '../../lambdas/restore-bucket-public-access';
import { allMutatingActions } from '../../lambdas/shared/catalogue';
import type { Outcome } from '../../lambdas/shared/outcome';
import bucketFixture from '../fixtures/guardduty/s3-block-public-access-disabled.json';
import hubIsolate from '../fixtures/securityhub/ec2-isolate-action.json';
import { createMocks, type Mocks, publishedOutcomes, resetAll, sentActions } from '../support/aws';
import { type LedgerServer, useLedger } from '../support/ledger';
import { ocsfCopyOf } from '../support/ocsf';
import { arrange as arrangePrincipal, events as principalEvents } from './block-principal/support';
import { arrange as arrangeLambda, event as lambdaEvent } from './contain-lambda-function/support';
import { arrange as arrangeEc2, guardDutyEvent as ec2Event } from './isolate-ec2/support';
import { arrange as arrangeTask, ec2Event as taskOnEc2Event } from './isolate-ecs-task/support';

const mocks = createMocks();
const MUTATING = new Set(allMutatingActions().map((m) => m.action));

type Handler = (event: unknown) => Promise<{ outcomes: Outcome[] }>;
interface Family {
  readonly handler: Handler;
  readonly native: () => { detail: Record<string, unknown> };
  readonly arrange: (env: Record<string, string>) => void;
}

const FAMILIES: Record<string, Family> = {
  'isolate-ec2': {
    handler: isolateEc2,
    native: ec2Event,
    arrange: (env) => arrangeEc2(mocks, { env }),
  },
  'block-principal': {
    handler: blockPrincipal,
    native: principalEvents.user,
    arrange: (env) => arrangePrincipal(mocks, { env }),
  },
  'contain-lambda-function': {
    handler: containLambda,
    native: lambdaEvent,
    arrange: (env) => arrangeLambda(mocks, {}, env),
  },
  'restore-bucket-public-access': {
    handler: restoreBucket,
    native: () => structuredClone(bucketFixture),
    arrange: (env) => {
      resetAll(mocks, env);
      mocks.s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
      mocks.s3.on(GetPublicAccessBlockCommand).resolves({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: false,
        },
      });
      mocks.s3.on(PutPublicAccessBlockCommand).resolves({});
    },
  },
  // On the EC2 launch type the task's container instance is isolated: a containment.
  'isolate-ecs-task': {
    handler: isolateEcsTask,
    native: taskOnEc2Event,
    arrange: (env) => arrangeTask(mocks, { launch: 'EC2' }, env),
  },
};

const writes = (m: Mocks) => sentActions(m).filter((a) => MUTATING.has(a));

let ledger: LedgerServer;
useLedger((l) => {
  ledger = l;
});

describe.each(Object.entries(FAMILIES))('one answer per finding: %s', (_name, family) => {
  it('contains once when the native and OCSF copies arrive together, with one containment’s writes', async () => {
    // Arrange: what one containment writes, measured alone
    family.arrange({});
    const alone = await family.handler(family.native());
    const oneContainment = writes(mocks);
    family.arrange({ LEDGER_TABLE_NAME: ledger.table.tableName });

    // Act
    const results = await Promise.all([
      family.handler(family.native()),
      family.handler(ocsfCopyOf(family.native())),
    ]);

    // Assert
    expect(alone.outcomes[0]?.status).toBe('contained');
    const statuses = results.map((r) => r.outcomes[0]?.status).sort();
    expect(statuses).toEqual(['contained', 'ignored']);
    const ignored = results.flatMap((r) => r.outcomes).find((o) => o.status === 'ignored');
    expect(ignored?.reason).toMatch(
      /^already answered: the (GuardDuty|Security Hub \(OCSF\)) copy/,
    );
    expect(writes(mocks).sort()).toEqual([...oneContainment].sort());
    expect(publishedOutcomes(mocks).map((o) => o.status)).toEqual(['contained']);
  });

  it('answers the copy that arrives after a contained one as already answered, changing nothing', async () => {
    // Arrange
    family.arrange({ LEDGER_TABLE_NAME: ledger.table.tableName });
    await family.handler(ocsfCopyOf(family.native()));
    const after = writes(mocks).length;

    // Act
    const late = await family.handler(family.native());

    // Assert
    expect(late.outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: expect.stringMatching(
        /^already answered: the Security Hub \(OCSF\) copy .*, contained;/,
      ),
    });
    expect(writes(mocks)).toHaveLength(after);
  });
});

describe('one answer per finding: the analyst’s ASFF copy after the native and OCSF ones', () => {
  it('ends the custom action on an answered finding as already answered', async () => {
    // Arrange: the ASFF copy of the same GuardDuty finding as the native isolate-ec2 fixture
    FAMILIES['isolate-ec2']?.arrange({ LEDGER_TABLE_NAME: ledger.table.tableName });
    const native = ec2Event();
    const asff = structuredClone(hubIsolate);
    asff.detail.findings = [
      { ...(asff.detail.findings[0] as (typeof asff.detail.findings)[0]), Id: native.detail.arn },
    ];
    await Promise.all([isolateEc2(native), isolateEc2(ocsfCopyOf(ec2Event()))]);
    const before = writes(mocks).length;

    // Act
    const copy = await isolateEc2(asff);

    // Assert
    expect(copy.outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: expect.stringMatching(/^already answered: /),
    });
    expect(writes(mocks)).toHaveLength(before);
  });
});
