/** The SDK clients the isolation burst uses, with their IAM service prefixes (bench/sdk-layer.ts). */
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { PrefixedClient } from './sdk-layer';

/** Every client isolate-ec2 and the shared pipeline call in the burst. */
export const SDK_CLIENTS: readonly PrefixedClient[] = [
  ['ec2', EC2Client],
  ['sts', STSClient],
  ['guardduty', GuardDutyClient],
  ['securityhub', SecurityHubClient],
  ['sns', SNSClient],
];
