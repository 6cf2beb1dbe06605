/**
 * Typed helpers for CloudFormation templates built as plain objects: the member templates are
 * TypeScript values, serialised once with {@link templateBody}, never hand-written JSON.
 */

/** `Fn::Sub` of a string with `${Parameter}` and `${AWS::…}` variables. */
export interface Sub {
  readonly 'Fn::Sub': string;
}

/** `Ref` of a parameter, resource or pseudo-parameter. */
export interface Ref {
  readonly Ref: string;
}

/** `Fn::GetAtt` of a resource attribute. */
export interface GetAtt {
  readonly 'Fn::GetAtt': readonly [string, string];
}

/** `Fn::FindInMap` of a mapping, a top-level key and a second-level key. */
export interface FindInMap {
  readonly 'Fn::FindInMap': readonly [string, CfnString, string];
}

/** A string, or an intrinsic function that resolves to one. */
export type CfnString = string | Sub | Ref | GetAtt | FindInMap;

/** Any value of a template property. */
export type CfnValue =
  | CfnString
  | number
  | boolean
  | null
  | readonly CfnValue[]
  | { readonly [key: string]: CfnValue };

/** A condition: the conditions the member templates use. */
export type CfnCondition =
  | { readonly 'Fn::Equals': readonly [CfnString, CfnString] }
  | { readonly 'Fn::Not': readonly [CfnCondition] };

/** A template parameter (the member templates take strings only). */
export interface CfnParameter {
  readonly Type: 'String';
  readonly Description: string;
  readonly AllowedPattern?: string;
  readonly ConstraintDescription?: string;
}

/** A template resource. */
export interface CfnResource {
  readonly Type: string;
  readonly Condition?: string;
  readonly Properties: { readonly [key: string]: CfnValue };
}

/** A template output. */
export interface CfnOutput {
  readonly Description: string;
  readonly Value: CfnString;
  readonly Condition?: string;
}

/** A CloudFormation template. */
export interface CfnTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Parameters?: Readonly<Record<string, CfnParameter>>;
  readonly Mappings?: Readonly<
    Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>
  >;
  readonly Conditions?: Readonly<Record<string, CfnCondition>>;
  readonly Resources: Readonly<Record<string, CfnResource>>;
  readonly Outputs?: Readonly<Record<string, CfnOutput>>;
}

/** The `${Name}` variable of a parameter, resource or pseudo-parameter in an `Fn::Sub` string. */
export function subVar(name: string): string {
  return `\${${name}}`;
}

/** `${AWS::Partition}` in an `Fn::Sub` string. */
export const PARTITION = subVar('AWS::Partition');

/** `${AWS::AccountId}` in an `Fn::Sub` string. */
export const ACCOUNT_ID = subVar('AWS::AccountId');

/** A name as a logical id or Sid: `s3:bucket-policy` -> `S3BucketPolicy`. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** `{ 'Fn::Sub': template }`. */
export function sub(template: string): Sub {
  return { 'Fn::Sub': template };
}

/** `{ Ref: name }`. */
export function ref(name: string): Ref {
  return { Ref: name };
}

/** `{ 'Fn::GetAtt': [resource, attribute] }`. */
export function getAtt(resource: string, attribute: string): GetAtt {
  return { 'Fn::GetAtt': [resource, attribute] };
}

/**
 * The template as the `template_body` of a Terraform resource. Terraform's JSON syntax reads
 * `${…}` and `%{…}` inside strings as its own templates, so CloudFormation's `${AWS::AccountId}`
 * is written `$${AWS::AccountId}`; Terraform hands CloudFormation the original text.
 */
export function templateBody(template: CfnTemplate): string {
  return JSON.stringify(template)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}
