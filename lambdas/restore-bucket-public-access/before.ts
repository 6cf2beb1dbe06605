/** A bucket's Block Public Access settings before the response, for the ledger and `security-ir release`. */
import type { NAME } from './name';

/** A bucket's Block Public Access settings before they were all turned on. */
export interface BucketBefore {
  readonly kind: typeof NAME;
  readonly bucket: string;
  /** The four settings before; `null` when the bucket had no configuration at all. */
  readonly publicAccessBlock: {
    readonly BlockPublicAcls: boolean;
    readonly IgnorePublicAcls: boolean;
    readonly BlockPublicPolicy: boolean;
    readonly RestrictPublicBuckets: boolean;
  } | null;
}
