// Regenerates config/community.schema.json from the zod schema (`npm run config:schema`).
import { writeFileSync } from 'node:fs';
import { configJsonSchemaText } from '../src/config/json-schema.ts';

writeFileSync(new URL('../config/community.schema.json', import.meta.url), configJsonSchemaText());
console.log('config/community.schema.json written');
