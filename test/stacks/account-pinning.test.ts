/**
 * Each stack refuses credentials of the wrong account when its account is configured: `master`
 * (security account) from `securityAccountId`, `service` and `tag-guard` (management account)
 * from `managementAccountId`. Terraform's provider checks `allowed_account_ids` against the
 * account STS names before any change; here STS is a local stand-in answering GetCallerIdentity,
 * so the real provider makes the check in a real `terraform plan`.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Testing } from 'cdktf';
import { OFFLINE_PROVIDER, type ProviderOverrides } from '../../modules/aws-providers';
import { parseConfig } from '../../modules/config/load';
import type { ConfigInput } from '../../modules/config/schema';
import { ServiceStack } from '../../stacks/service';
import { TagGuardStack } from '../../stacks/tag-guard';
import { synthMaster, TEST_IDS } from './support';

const SECURITY = TEST_IDS.securityAccountId;
const MANAGEMENT = '999988887777';

type Providers = { provider: { aws: { alias?: string; allowed_account_ids?: string[] }[] } };

const pins = (json: string) =>
  (JSON.parse(json) as Providers).provider.aws.map((p) => p.allowed_account_ids);

function synthService(input: ConfigInput, providerOverrides: ProviderOverrides = OFFLINE_PROVIDER) {
  const app = Testing.app();
  const stack = new ServiceStack(app, 'service', {
    config: parseConfig(input),
    securityAccountId: SECURITY,
    providerOverrides,
  });
  return { stack, json: Testing.synth(stack) };
}

function synthTagGuard(input: ConfigInput) {
  const app = Testing.app();
  const stack = new TagGuardStack(app, 'tag-guard', {
    config: parseConfig({
      organization: { rootId: 'r-ab12' },
      ...input,
      tagGuard: {
        enabled: true,
        adminPrincipalArns: [`arn:aws:iam::${SECURITY}:role/admin`],
        ...input.tagGuard,
      },
    }),
  });
  return Testing.synth(stack);
}

describe('master stack: pinned to the security account', () => {
  it('sets allowed_account_ids on the provider of every region from securityAccountId', () => {
    const { json } = synthMaster({ regions: ['us-east-1', 'eu-west-1'] });
    expect(pins(json)).toEqual([[SECURITY], [SECURITY]]);
  });

  it('is not pinned when the security account is read from the credentials', () => {
    const { json } = synthMaster({ securityAccountId: undefined } as ConfigInput);
    expect(pins(json)).toEqual([undefined]);
  });

  it('is not pinned for an offline plan, which skips the account lookup the pin needs', () => {
    const { json } = synthMaster({}, true);
    expect(pins(json)).toEqual([undefined]);
  });
});

describe('service and tag-guard stacks: pinned to the management account', () => {
  it('pins the service stack in every region to managementAccountId, and not without it', () => {
    const regions = { homeRegion: 'eu-west-1', regions: ['eu-west-1', 'us-east-1'] };
    expect(pins(synthService({ ...regions, managementAccountId: MANAGEMENT }, {}).json)).toEqual([
      [MANAGEMENT],
      [MANAGEMENT],
    ]);
    expect(pins(synthService(regions, {}).json)).toEqual([undefined, undefined]);
  });

  it('pins the tag-guard stack, unless a delegated policy administrator deploys it', () => {
    expect(pins(synthTagGuard({ managementAccountId: MANAGEMENT }))).toEqual([[MANAGEMENT]]);
    expect(
      pins(
        synthTagGuard({
          managementAccountId: MANAGEMENT,
          tagGuard: { delegatedPolicyAdmin: true } as ConfigInput['tagGuard'],
        }),
      ),
    ).toEqual([undefined]);
  });

  it('takes the management account from IR_MANAGEMENT_ACCOUNT_ID', () => {
    const { loadConfig } =
      require('../../modules/config/load') as typeof import('../../modules/config/load');
    const config = loadConfig({ cwd: __dirname, env: { IR_MANAGEMENT_ACCOUNT_ID: MANAGEMENT } });
    expect(config.managementAccountId).toBe(MANAGEMENT);
  });
});

describe('account pinning: a real plan with credentials of another account', () => {
  let sts: Server;
  let caller = MANAGEMENT;
  let dir = '';
  const run = promisify(execFile);
  beforeAll(async () => {
    // GetCallerIdentity as STS answers it (Query API, XML).
    sts = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${caller}:user/deployer</Arn><UserId>AIDAEXAMPLE</UserId><Account>${caller}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', () => resolve()));
    const { skipRequestingAccountId: _lookup, ...fake } = OFFLINE_PROVIDER;
    const { port } = sts.address() as AddressInfo;
    const { stack } = synthService(
      { managementAccountId: MANAGEMENT },
      { ...fake, endpoints: [{ sts: `http://127.0.0.1:${port}` }] },
    );
    dir = join(Testing.fullSynth(stack), 'stacks', 'service');
    await run('terraform', ['init', '-input=false', '-no-color'], { cwd: dir });
  }, 120_000);
  afterAll(() => new Promise((resolve) => sts.close(resolve)));

  /** `terraform plan` of the pinned service stack, with the account STS names. */
  async function plan(account: string) {
    caller = account;
    return run('terraform', ['plan', '-input=false', '-lock=false', '-no-color'], {
      cwd: dir,
    }).then(
      (r) => ({ ok: true, text: r.stdout }),
      (e: { stdout?: string; stderr?: string }) => ({ ok: false, text: `${e.stdout}${e.stderr}` }),
    );
  }

  it('stops with credentials of another account, before any change', async () => {
    const result = await plan('222222222222');
    expect(result.ok).toBe(false);
    expect(result.text).toContain('AWS account ID not allowed: 222222222222');
  }, 120_000);

  it('plans with credentials of the pinned account', async () => {
    const result = await plan(MANAGEMENT);
    expect(result.text).toMatch(/Plan: \d+ to add/);
    expect(result.ok).toBe(true);
  }, 120_000);
});
