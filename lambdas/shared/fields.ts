/**
 * The field schemas every finding dialect shares (GuardDuty, ASFF, Config, OCSF): bounded strings,
 * account ids and region names. Kept apart from `events.ts` so each dialect's parser imports them
 * without importing the others.
 */
import { ACCOUNT_ID } from './patterns';
import * as z from './zod';

/** Longest string accepted in any field we read (the ASFF `Id` limit). */
export const MAX = 512;

/** A non-empty string of at most `max` characters. */
export const text = (max = MAX) => z.string().check(z.minLength(1), z.maxLength(max));

/** A string of at most `max` characters. */
export const upTo = (max: number) => z.string().check(z.maxLength(max));

/** An AWS region name such as `eu-west-1` or `us-gov-west-1`. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Whether a value read from an event is a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A GuardDuty finding id, as `detail.id` and the last part of the finding ARN write it. */
export const GUARDDUTY_ID = /^[0-9a-z]{1,64}$/;

/** A GuardDuty finding ARN; group 1 is the finding id. */
export const GUARDDUTY_FINDING_ARN =
  /^arn:aws[\w-]*:guardduty:[a-z0-9-]+:\d{12}:detector\/[0-9a-z]+\/finding\/([0-9a-z]{1,64})$/;

/** The finding id at the end of a GuardDuty finding ARN, or undefined when it is not one. */
export function guardDutyIdOfArn(arn: string): string | undefined {
  return GUARDDUTY_FINDING_ARN.exec(arn)?.[1];
}

/** A 12-digit account id (built on first use). */
export const accountIdField = z.lazySchema(() =>
  z.string().check(z.regex(ACCOUNT_ID, 'must be a 12-digit AWS account id')),
);

/** A region name (built on first use). */
export const regionField = z.lazySchema(() =>
  z.string().check(z.maxLength(32), z.regex(REGION, 'must be an AWS region name')),
);
