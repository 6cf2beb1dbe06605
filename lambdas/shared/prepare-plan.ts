/**
 * What a responder prepares before any incident (`security-ir prepare`), the shape its
 * `lambdas/<responder>/prepare.ts` exports: the operator tool loads it by the responder's name,
 * as it loads release planners, and never imports a responder folder.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { StepLog } from './steps';

/** What preparing one account and region came to. */
export interface PreparedRegion {
  readonly vpcs: number;
  /** VPCs that were ready already. */
  readonly ready: number;
  /** Resources created (or, in dry-run, to create). */
  readonly created: number;
  /** Resources repaired (or, in dry-run, to repair). */
  readonly repaired: number;
}

/** A responder's preparation, through an EC2 client of the member account and region. */
export interface Preparer {
  /** Creates or repairs what the responder needs in every VPC (in dry-run: plans it in `log`). */
  prepareRegion(
    ec2: EC2Client,
    member: { readonly account: string; readonly region: string },
    prefix: string,
    dryRun: boolean,
    log: StepLog,
  ): Promise<PreparedRegion>;
  /** The VPCs that are not ready, of how many (doctor's check). */
  unready(
    ec2: EC2Client,
    prefix: string,
  ): Promise<{ readonly unready: string[]; readonly of: number }>;
}
