/**
 * The STS client and the one command the pipeline sends, in a module of their own: member-clients.ts
 * loads it with `import()`, so the bundle puts it (and the SDK core it brings) in a chunk that a
 * Lambda init never loads; `containmentClosure` (modules/shared/bundle.ts) finds it by this name.
 */
export { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
