import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchemaText } from '../../src/config/json-schema.ts';

const committed = readFileSync(new URL('../../config/community.schema.json', import.meta.url), 'utf8');
const exampleText = readFileSync(new URL('../../config/community.example.yaml', import.meta.url), 'utf8');
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(committed) as object);

describe('the config JSON Schema for editors', () => {
  it('is the one generated from the zod schema (run `npm run config:schema` after changing settings)', () => {
    expect(committed).toBe(configJsonSchemaText());
  });

  it('accepts the example config and is referenced from it for yaml-language-server', () => {
    expect(exampleText.split('\n')[0]).toBe('# yaml-language-server: $schema=./community.schema.json');
    const ok = validate(parse(exampleText));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('flags what Foyer refuses: an unknown key, a wrong type, a message that does not exist', () => {
    const example = parse(exampleText) as { features: { welcome: Record<string, unknown> }; templates?: unknown };
    const withTypo = structuredClone(example);
    withTypo.features.welcome['chanel'] = 'welcome';
    expect(validate(withTypo)).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain('additionalProperties');

    const wrongType = structuredClone(example);
    wrongType.features.welcome['burst'] = { threshold: 'ten' };
    expect(validate(wrongType)).toBe(false);

    const unknownMessage = { ...structuredClone(example), templates: { en: { 'welcome.singel': 'Hi {member}' } } };
    expect(validate(unknownMessage)).toBe(false);
    const knownMessage = { ...structuredClone(example), templates: { en: { 'welcome.single': 'Hi {member}' } } };
    expect(validate(knownMessage)).toBe(true);
  });
});
