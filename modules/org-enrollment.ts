/**
 * Enrolls every account of the targeted OUs (and every account that joins them later) through two
 * service-managed stack sets: the global member template in the home region only (IAM is
 * global) and the regional template in every enrolled region. Service-managed stack sets never
 * reach the management account: enroll it with the service stack (stacks/service.ts).
 */
import { CloudformationStackSet } from '@cdktf/provider-aws/lib/cloudformation-stack-set';
import { CloudformationStackSetInstance } from '@cdktf/provider-aws/lib/cloudformation-stack-set-instance';
import { type TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { SECURITY_ACCOUNT_PARAMETER } from './member-templates';

/** Props of {@link OrgEnrollment}: what it deploys, where, and to whom. */
export interface OrgEnrollmentProps {
  /** Prefix of the two stack sets' names (`<prefix>-member-global`, `<prefix>-member-regional`). */
  readonly namePrefix: string;
  /** The global member template (IAM roles), as the CloudFormation body to deploy. */
  readonly globalTemplateBody: string;
  /** The regional member template (event forwarding), as the CloudFormation body to deploy. */
  readonly regionalTemplateBody: string;
  /** Where the global template goes (IAM is global: one stack per account). */
  readonly homeRegion: string;
  /** Every enrolled region: one regional stack per account and region. */
  readonly regions: readonly string[];
  /** The OUs to enroll; empty: the whole organization (`rootId`). */
  readonly targetOuIds: readonly string[];
  /** The organization root, targeted when `targetOuIds` is empty (token ok). */
  readonly rootId: string;
  /** Estimated number of accounts, which sizes the operation timeouts. */
  readonly accountCount: number;
  /** `DELEGATED_ADMIN` from a delegated administrator account, `SELF` from the management account. */
  readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
  /** The security account (a token at plan time when not configured). */
  readonly securityAccountId: string;
  /** Provider of the home region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * Sized for thousands of accounts: every account of a region at once, every region at once, and
 * the operation stops in a region only after a tenth of its accounts failed. Stack sets default to
 * one account at a time.
 */
export const OPERATION_PREFERENCES = {
  failureTolerancePercentage: 10,
  maxConcurrentPercentage: 100,
  regionConcurrencyType: 'PARALLEL',
} as const;

/**
 * How long Terraform waits for one stack-set operation, in minutes: 30, plus one per 100 stack
 * instances of the whole organization (accounts × regions). With managed execution, operations on
 * one stack set queue behind each other, so an instance resource may wait for the enrollment of
 * every other OU and region before its own starts. `accountCount` is the configured estimate
 * (`organization.accountCount`); raise it if an apply times out.
 */
export function stackSetTimeoutMinutes(accountCount: number, regionCount: number): number {
  return 30 + Math.ceil((accountCount * regionCount) / 100);
}

/** A construct-id-safe name of a deployment target (the root id may be a token at synth). */
function targetKey(target: string): string {
  return Token.isUnresolved(target) ? 'root' : target;
}

/** The two stack sets and their instances. */
export class OrgEnrollment extends Construct {
  readonly globalStackSetName: string;
  readonly regionalStackSetName: string;
  readonly globalStackSetId: string;
  readonly regionalStackSetId: string;
  readonly globalStackSetArn: string;
  readonly regionalStackSetArn: string;

  constructor(scope: Construct, id: string, props: OrgEnrollmentProps) {
    super(scope, id);
    const { callAs, provider } = props;
    const targets = props.targetOuIds.length > 0 ? props.targetOuIds : [props.rootId];

    const minutes = stackSetTimeoutMinutes(props.accountCount, props.regions.length);
    const timeout = `${minutes}m`;

    const stackSet = (setId: string, name: string, description: string, body: string) =>
      new CloudformationStackSet(this, setId, {
        name,
        description,
        permissionModel: 'SERVICE_MANAGED',
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        callAs,
        capabilities: ['CAPABILITY_NAMED_IAM'],
        managedExecution: { active: true },
        // In this set's own updates STRICT mode applies: the tolerance also caps the concurrency.
        operationPreferences: OPERATION_PREFERENCES,
        parameters: { [SECURITY_ACCOUNT_PARAMETER]: props.securityAccountId },
        // A template change updates every stack instance of the set.
        timeouts: { update: timeout },
        templateBody: body,
        // AWS fills in the service role for service-managed sets; provider 5.x then plans a change
        // on every run (hashicorp/terraform-provider-aws#23464).
        lifecycle: { ignoreChanges: ['administration_role_arn'] },
        provider,
      });

    // One instance resource per target OU and region: adding or removing an OU creates or deletes
    // the stacks of that OU's accounts only. With one resource for all OUs, a changed list would
    // replace it (provider 5.x cannot change deployment_targets in place): every member's stacks
    // deleted, then created again.
    const instance = (
      instanceId: string,
      set: CloudformationStackSet,
      region: string,
      target: string,
    ) =>
      new CloudformationStackSetInstance(this, instanceId, {
        stackSetName: set.name,
        callAs,
        region,
        deploymentTargets: { organizationalUnitIds: [target] },
        // SOFT: a failing account does not lower the concurrency of the others.
        operationPreferences: {
          ...OPERATION_PREFERENCES,
          concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        },
        retainStack: false,
        timeouts: { create: timeout, update: timeout, delete: timeout },
        provider,
      });

    const global = stackSet(
      'global',
      `${props.namePrefix}-member-global`,
      'Incident response roles of every member account',
      props.globalTemplateBody,
    );
    const regional = stackSet(
      'regional',
      `${props.namePrefix}-member-regional`,
      'Incident response event forwarding of every member account and region',
      props.regionalTemplateBody,
    );

    // No order between the two: each template stands on its own, as auto-deployment (which
    // enrolls a new account in both sets at once, in no particular order) requires.
    for (const target of targets) {
      const key = targetKey(target);
      instance(`global-${key}`, global, props.homeRegion, target);
      for (const region of props.regions) {
        instance(`regional-${region}-${key}`, regional, region, target);
      }
    }

    this.globalStackSetName = global.name;
    this.regionalStackSetName = regional.name;
    this.globalStackSetId = global.stackSetId;
    this.regionalStackSetId = regional.stackSetId;
    this.globalStackSetArn = global.arn;
    this.regionalStackSetArn = regional.arn;
  }
}
