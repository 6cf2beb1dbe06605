/**
 * Each responder's entry point, loaded on demand by the operator's `respond` (a local run). Static
 * imports, so the bundler of the operator tool sees every handler; keyed by the registry's names,
 * so a responder without an entry here is a compile error, never a silent gap.
 */
import type { HandlerResult } from '../shared/handler';
import type { ResponderName } from './responders';

/** A responder's Lambda handler. */
export type Handler = (event: unknown) => Promise<HandlerResult>;

/** Loads the handler module of each responder. */
export const ENTRY_POINTS: Record<ResponderName, () => Promise<{ handler: Handler }>> = {
  'isolate-ec2': () => import('../isolate-ec2/index'),
  'block-principal': () => import('../block-principal/index'),
  'confine-security-group': () => import('../confine-security-group/index'),
  'start-ssm-automation': () => import('../start-ssm-automation/index'),
  'contain-lambda-function': () => import('../contain-lambda-function/index'),
  'restore-bucket-public-access': () => import('../restore-bucket-public-access/index'),
  'escalate-finding': () => import('../escalate-finding/index'),
};
