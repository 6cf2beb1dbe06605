/**
 * Which runbook a finding asks for, on which resource: a non-compliant Config evaluation of a rule
 * the configuration maps to a runbook (or to notify only), or a Security Hub finding on an S3
 * bucket, whose control picks the runbook. Validates before any AWS call.
 */

import { bounded } from '../shared/bounded';
import { type ConfigSource, configRuleFor } from '../shared/config-rule';
import { RUNBOOKS, type RunbookDefinition } from '../shared/defaults';
import { formatPath, InvalidEventError } from '../shared/errors';
import { findingTypeOf, parseWith, type SourceFinding } from '../shared/events';
import type { Ignore } from '../shared/handler';
import { partitionOf } from '../shared/member-clients';
import { resourceTypeSpec } from './resources';

/** A runbook to start on one resource. */
export interface RunbookTarget {
  readonly runbook: RunbookDefinition;
  /** Config resource type, e.g. `AWS::S3::Bucket`. */
  readonly resourceType: string;
  /** The id the runbook receives, e.g. the bucket name. */
  readonly resourceId: string;
  readonly arn: string;
}

type SecurityHub = Extract<SourceFinding, { kind: 'securityhub' }>;

/** Controls on public access (S3.2 read, S3.3 write, S3.8 block public access) and the word. */
const PUBLIC_ACCESS = /\bS3\.(2|3|8)\b|public/i;
/** S3.4: default server-side encryption. Not S3.17 (KMS): SSE-S3 would replace a KMS key. */
const ENCRYPTION = /\bS3\.4\b/i;

const BUCKET_ARN = /^arn:(aws[a-z-]{0,8}):s3:::([^/]{1,64})$/;

/** The runbook and resource of a finding, or why not. Throws InvalidEventError. */
export function toRunbookTarget(
  source: Extract<SourceFinding, { kind: 'config' | 'securityhub' }>,
): RunbookTarget | Ignore {
  return source.kind === 'config' ? fromConfig(source) : fromSecurityHub(source);
}

function runbookNamed(name: string): RunbookDefinition | undefined {
  return Object.hasOwn(RUNBOOKS, name) ? RUNBOOKS[name as keyof typeof RUNBOOKS] : undefined;
}

function fromConfig(source: ConfigSource): RunbookTarget | Ignore {
  const { compliance } = source;
  const match = configRuleFor(source, 'start-ssm-automation');
  if ('ignore' in match) return match;
  const { rule, resource, response } = match;
  if (response.responder === 'notify') {
    // The pipeline turns this into `ignored` when the evaluation is not NON_COMPLIANT.
    const reason = `no automated response for rule ${rule}: escalated to a person`;
    return { ignore: reason, resource, status: 'escalated' };
  }
  if (response.responder !== 'start-ssm-automation') {
    return { ignore: `Config rule ${rule} is answered by ${response.responder}`, resource };
  }
  const runbook = runbookNamed(response.runbook);
  if (!runbook) return { ignore: `runbook ${response.runbook} is not known`, resource };
  if (compliance.resourceType !== runbook.resourceType) {
    return {
      ignore: `runbook ${runbook.document} acts on ${runbook.resourceType}, but rule ${rule} reported a ${compliance.resourceType}`,
      resource,
    };
  }
  const spec = resourceTypeSpec(runbook.resourceType);
  if (!spec) return { ignore: `no ARN format is known for ${runbook.resourceType}`, resource };
  const resourceId = parseWith(spec.id, compliance.resourceId, ['detail', 'resourceId']);
  const arn = spec.arn(resourceId, partitionOf(source.region), source.region, source.accountId);
  return { runbook, resourceType: runbook.resourceType, resourceId, arn };
}

/** The runbook a Security Hub finding on a bucket calls for, by its control, types and title. */
export function runbookForFinding(source: SecurityHub): RunbookDefinition | undefined {
  const { GeneratorId, Types, Title } = source.finding;
  const text = [GeneratorId, ...(Types ?? []), Title].filter(Boolean).join('\n');
  if (PUBLIC_ACCESS.test(text)) return RUNBOOKS['AWS-DisableS3BucketPublicReadWrite'];
  if (ENCRYPTION.test(text)) return RUNBOOKS['AWS-EnableS3BucketEncryption'];
  return undefined;
}

function fromSecurityHub(source: SecurityHub): RunbookTarget | Ignore {
  const resources = source.finding.Resources;
  const index = resources.findIndex((r) => r.Type === 'AwsS3Bucket');
  const resource = resources[index];
  if (!resource) {
    return {
      ignore: 'the finding has no AwsS3Bucket resource',
      resource: bounded(resources[0]?.Id ?? '-'),
    };
  }
  const runbook = runbookForFinding(source);
  if (!runbook) {
    return {
      ignore: `no runbook answers ${bounded(source.finding.GeneratorId ?? findingTypeOf(source), 128)} (neither public access nor S3.4 encryption)`,
      resource: bounded(resource.Id),
    };
  }
  const spec = resourceTypeSpec(runbook.resourceType);
  if (spec?.asffType !== resource.Type) {
    return {
      ignore: `runbook ${runbook.document} acts on ${runbook.resourceType}, not on ${resource.Type}`,
      resource: bounded(resource.Id),
    };
  }
  const at = [source.path, 'Resources', index, 'Id'];
  const arn = BUCKET_ARN.exec(resource.Id);
  if (!arn) {
    throw new InvalidEventError(formatPath(at), 'must be an S3 bucket ARN (arn:aws:s3:::<bucket>)');
  }
  if (arn[1] !== partitionOf(source.region)) {
    throw new InvalidEventError(
      formatPath(at),
      `is in partition ${arn[1]}, but the finding's region ${source.region} is in ${partitionOf(source.region)}`,
    );
  }
  const resourceId = parseWith(spec.id, arn[2], at);
  return { runbook, resourceType: runbook.resourceType, resourceId, arn: resource.Id };
}
