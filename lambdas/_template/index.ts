/**
 * TEMPLATE (not deployed, not in the registry): the skeleton of a responder folder. Copy the folder
 * to `lambdas/<your-name>/`, add `name.ts` (`export const NAME = '<your-name>' as const satisfies
 * ResponderName;`) and export the handler as every responder does:
 *
 *   export const handler = createHandler<TemplateTarget>({ name: NAME, ...TEMPLATE_SPEC });
 *
 * README "Adding a responder" lists the rest. test/lambdas/_template.test.ts runs this spec.
 */
import type { ResponderSpec } from '../shared/handler';
import { respondTemplate } from './respond';
import { type TemplateTarget, toTemplateTarget } from './target';

/** The skeleton's spec: everything a responder supplies except its name. */
export const TEMPLATE_SPEC: Omit<ResponderSpec<TemplateTarget>, 'name'> = {
  accepts: ['guardduty'],
  toTarget: toTemplateTarget,
  resourceOf: (t) => t.instanceId,
  respond: respondTemplate,
};
