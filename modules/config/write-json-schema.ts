/** `npm run config:schema`: writes ir.config.schema.json at the project root. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchemaText, SCHEMA_FILE_NAME } from './json-schema';

writeFileSync(join(__dirname, '..', '..', SCHEMA_FILE_NAME), configJsonSchemaText());
