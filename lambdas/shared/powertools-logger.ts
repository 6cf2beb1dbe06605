/**
 * The Powertools Logger in a module of its own: logger.ts loads it with `import()`, so the bundle
 * puts it in a chunk that a Lambda init never loads; `containmentClosure`
 * (modules/shared/bundle.ts) finds it by this name.
 */
export { Logger } from '@aws-lambda-powertools/logger';
