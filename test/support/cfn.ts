/** Offline checks of CloudFormation templates built as objects, and resolution of their ARNs. */
import type { CfnTemplate } from '../../modules/shared/cfn';

/** Pseudo-parameters a template may reference without declaring them. */
export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

/** Resource types the member templates may create. */
export const KNOWN_RESOURCE_TYPES = [
  'AWS::CloudFormation::WaitConditionHandle',
  'AWS::Config::ConfigRule',
  'AWS::Events::Rule',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Role',
] as const;

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

const isObject = (v: unknown): v is { readonly [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every `${Name}` variable of an `Fn::Sub` string (`${!Literal}` excluded). */
export function subVariables(template: string): string[] {
  return [...template.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]);
}

/**
 * Problems of a template: a missing format version, an unknown resource type, a `Ref`, `Fn::Sub`
 * variable or `Fn::GetAtt` that names nothing declared, a condition that is not declared.
 */
export function templateProblems(template: CfnTemplate): string[] {
  const problems: string[] = [];
  if (template.AWSTemplateFormatVersion !== '2010-09-09') problems.push('AWSTemplateFormatVersion');
  const parameters = Object.keys(template.Parameters ?? {});
  const resources = Object.keys(template.Resources);
  const conditions = Object.keys(template.Conditions ?? {});
  const referable = new Set<string>([...parameters, ...resources, ...PSEUDO_PARAMETERS]);
  if (resources.length === 0) problems.push('Resources: empty');

  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, `${path}[${i}]`);
      });
      return;
    }
    if (!isObject(value)) return;
    for (const [key, v] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (key === 'Ref' && !(typeof v === 'string' && referable.has(v)))
        problems.push(`${at}: ${String(v)}`);
      if (key === 'Fn::Sub') {
        if (typeof v !== 'string') problems.push(`${at}: only the string form is used`);
        else {
          for (const name of subVariables(v)) {
            if (!referable.has(name.split('.')[0])) problems.push(`${at}: \${${name}}`);
          }
        }
      }
      if (key === 'Fn::GetAtt' && !(Array.isArray(v) && resources.includes(String(v[0])))) {
        problems.push(`${at}: ${JSON.stringify(v)}`);
      }
      if (key === 'Condition' && typeof v === 'string' && !conditions.includes(v)) {
        problems.push(`${at}: ${v}`);
      }
      walk(v, at);
    }
  };

  for (const [name, resource] of Object.entries(template.Resources)) {
    if (!(KNOWN_RESOURCE_TYPES as readonly string[]).includes(resource.Type)) {
      problems.push(`Resources.${name}.Type: ${resource.Type}`);
    }
    if (resource.Condition !== undefined && !conditions.includes(resource.Condition)) {
      problems.push(`Resources.${name}.Condition: ${resource.Condition}`);
    }
    walk(resource.Properties, `Resources.${name}.Properties`);
  }
  walk(template.Conditions ?? {}, 'Conditions');
  walk(template.Outputs ?? {}, 'Outputs');
  return problems;
}

/** Values of the pseudo-parameters and parameters, for {@link resolveSubs}. */
export type SubValues = Readonly<Record<string, string>>;

/** The value with every string-form `Fn::Sub` replaced by its text (unknown variables throw). */
export function resolveSubs<T>(value: T, values: SubValues): T {
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (!isObject(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'Fn::Sub' && typeof v['Fn::Sub'] === 'string') {
      return v['Fn::Sub'].replace(/\$\{([^!}][^}]*)\}/g, (_, name: string) => {
        const found = values[name];
        if (found === undefined) throw new Error(`no value for \${${name}}`);
        return found;
      });
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  };
  return resolve(value) as T;
}

/** A `template_body` as Terraform hands it to CloudFormation (`$${` and `%%{` unescaped). */
export function fromTerraformString(body: string): string {
  return body.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}
