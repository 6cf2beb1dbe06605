/** Synthesis of the master stack for tests, with fixed ids so no data source calls AWS. */
import { type App, Testing } from 'cdktf';
import { OFFLINE_PROVIDER } from '../../modules/aws-providers';
import { parseConfig } from '../../modules/config/load';
import type { ConfigInput } from '../../modules/config/schema';
import { MasterStack } from '../../stacks/master';

/** Ids every test config carries, so the plan needs no AWS call. */
export const TEST_IDS = {
  securityAccountId: '111111111111',
  organization: { id: 'o-abcdefghij', rootId: 'r-ab12' },
} as const;

/** A synthesized master stack and its parsed Terraform JSON. */
export interface SynthedMaster {
  readonly stack: MasterStack;
  readonly app: App;
  readonly json: string;
  readonly tf: {
    resource: Record<string, Record<string, Record<string, unknown>>>;
    data?: Record<string, unknown>;
  };
}

/** Synthesizes the master stack from a config input merged over {@link TEST_IDS}. */
export function synthMaster(input: ConfigInput = {}, offline = false): SynthedMaster {
  const config = parseConfig({ ...TEST_IDS, ...input });
  const app = Testing.app();
  const stack = new MasterStack(app, 'master', {
    config,
    ...(offline ? { providerOverrides: OFFLINE_PROVIDER } : {}),
  });
  const json = Testing.synth(stack);
  return { stack, app, json, tf: JSON.parse(json) };
}

/** The resources of one type, keyed by logical id. */
export function resourcesOf(
  tf: SynthedMaster['tf'],
  type: string,
): Record<string, Record<string, unknown>> {
  return tf.resource[type] ?? {};
}
