/** The state before an ECS task was contained, for the ledger and `security-ir release`. */
import type { Ec2Before, InterfaceBefore } from '../isolate-ec2/before';
import type { NAME } from './name';

/** State before the task role's sessions were revoked and its network isolated. */
export interface EcsTaskBefore {
  readonly kind: typeof NAME;
  readonly taskArn: string;
  readonly clusterArn: string;
  /** The task role whose older sessions were revoked (absent when none was). */
  readonly roleName?: string;
  /** The inline policy put on that role. */
  readonly revokePolicyName?: string;
  /** Task interfaces moved to quarantine, with their groups before (isolate-ec2's shape). */
  readonly interfaces: readonly InterfaceBefore[];
  /** Quarantine group of each VPC the interfaces were moved to. */
  readonly quarantineGroups: Readonly<Record<string, string>>;
  /** The EC2 container instance, isolated by isolate-ec2's code (its own before-state). */
  readonly instance?: Ec2Before;
}
