import { z } from 'zod';
import { BUILT_IN } from '../features/catalogue.ts';
import { configSchema, fieldKinds } from './schema.ts';

/**
 * The config file's JSON Schema, generated from the same zod schema Foyer validates
 * with, so editors (through yaml-language-server) complete and check the same keys.
 * Durations and other parsed settings are described as what the admin types.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const kind = fieldKinds.get(zodSchema as unknown as z.ZodType);
      if (kind && jsonSchema.description === undefined) jsonSchema.description = `Expected: ${kind.expected}.`;
    },
  }) as Record<string, unknown>;
  schema['title'] = 'Foyer community configuration';
  // Template overrides are keyed by message: list the keys so editors complete them.
  const templates = (schema['properties'] as Record<string, { properties?: Record<string, Record<string, unknown>> }>)[
    'templates'
  ];
  for (const locale of Object.values(templates?.properties ?? {}))
    locale['propertyNames'] = { enum: Object.keys(BUILT_IN.en).sort() };
  return schema;
}

/** The file's text as committed: stable key order, two-space indent, final newline. */
export const configJsonSchemaText = (): string => `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
