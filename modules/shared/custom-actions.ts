/**
 * The product's Security Hub custom actions as plain data (no cdktf import), shared by the
 * construct that creates them, the rules that route them and the synth-time size checks. Each
 * responder's action is declared in the registry.
 */
import {
  declarationOf,
  RESPONDER_NAMES,
  type ResponderName,
} from '../../lambdas/registry/responders';

/** A custom action and where its events go. */
export interface CustomAction {
  /** Security Hub identifier (≤ 20 letters and digits). */
  readonly identifier: string;
  /** Console name (≤ 20 characters). */
  readonly name: string;
  readonly description: string;
  readonly target: ResponderName | 'notify';
}

/** The action that only notifies (no responder): the one custom action not in the registry. */
const NOTIFY_ACTION: CustomAction = {
  identifier: 'NotifyTeam',
  name: 'Notify',
  description: 'Send the findings to the security alerts topic, no change',
  target: 'notify',
};

/** The product's custom actions: each responder's from the registry, then Notify. */
export const CUSTOM_ACTIONS: readonly CustomAction[] = [
  ...RESPONDER_NAMES.flatMap((target): CustomAction[] => {
    const action = declarationOf(target).customAction;
    return action ? [{ ...action, target }] : [];
  }),
  NOTIFY_ACTION,
];

/** Identifiers of the custom actions that go to `target`. */
export function identifiersFor(target: CustomAction['target']): string[] {
  return CUSTOM_ACTIONS.filter((a) => a.target === target).map((a) => a.identifier);
}
