import { Testing } from 'cdktf';

Testing.setupJest();

// Responders read their environment once per container; tests set it per case.
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'AKIAFAKEFAKEFAKEFAKE';
process.env.AWS_SECRET_ACCESS_KEY ??= 'fake-secret-for-tests';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// The SDK's warning that its releases after January 2027 need Node 22 (docs/deploy.md: Supported
// Node versions), printed once per test file otherwise; @aws-sdk/core's documented switch.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
