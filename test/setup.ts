import { Testing } from 'cdktf';

Testing.setupJest();

// Responders read their environment once per container; tests set it per case.
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'AKIAFAKEFAKEFAKEFAKE';
process.env.AWS_SECRET_ACCESS_KEY ??= 'fake-secret-for-tests';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
