/**
 * The AWS providers of a stack: one for the home region and one aliased provider per other
 * enrolled region. Extra options (fake keys and skip flags) let tests plan offline.
 */
import { AwsProvider, type AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { Config } from './config/schema';

/** Provider options a caller may add, e.g. for an offline `terraform plan`. */
export type ProviderOverrides = Omit<AwsProviderConfig, 'region' | 'alias'>;

/** The providers of every enrolled region, keyed by region; the home one has no alias. */
export function regionProviders(
  scope: Construct,
  config: Config,
  overrides: ProviderOverrides = {},
): Map<string, AwsProvider> {
  const tags = { defaultTags: [{ tags: { 'managed-by': config.prefix } }] };
  const providers = new Map<string, AwsProvider>();
  providers.set(
    config.homeRegion,
    new AwsProvider(scope, 'aws', { region: config.homeRegion, ...tags, ...overrides }),
  );
  for (const region of config.regions) {
    if (region === config.homeRegion) continue;
    providers.set(
      region,
      new AwsProvider(scope, `aws-${region}`, { region, alias: region, ...tags, ...overrides }),
    );
  }
  return providers;
}

/** Offline provider options: plan without credentials or any AWS call (FACTS.md). */
export const OFFLINE_PROVIDER: ProviderOverrides = {
  accessKey: 'AKIAOFFLINEPLAN00000',
  secretKey: 'offline-plan-not-a-secret',
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipMetadataApiCheck: 'true',
  skipRegionValidation: true,
};

/**
 * The options that pin a stack's providers to `accountId` (`allowed_account_ids`: Terraform stops
 * before any change when the credentials are of another account). Not with overrides that skip
 * the account lookup this check needs (an offline plan): the provider would refuse every account.
 */
export function pinnedTo(
  accountId: string | undefined,
  overrides: ProviderOverrides = {},
): ProviderOverrides {
  if (!accountId || overrides.skipRequestingAccountId) return overrides;
  return { allowedAccountIds: [accountId], ...overrides };
}
