import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The JSON Schemas written from the GeoReport v2 specification (../schemas/*.json), compiled
 * twice: strictly for JSON answers, and with type coercion for XML answers read by the Spark
 * convention (XML carries only text: "true", "11.946" must be read as the schema's types).
 */
const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
export const SCHEMA_NAMES = readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''));

function compileAll(coerceTypes: boolean) {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictRequired: false,
    coerceTypes,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  for (const name of SCHEMA_NAMES) {
    const schema = JSON.parse(readFileSync(path.join(folder, `${name}.json`), 'utf8'));
    compiled.set(name, ajv.compile(schema));
  }
  return compiled;
}

const strict = compileAll(false);
const coercing = compileAll(true);

/** The problems found (empty when valid). The data is validated on a copy: coercion mutates. */
export function schemaProblems(name: string, data: unknown, from: 'json' | 'xml'): string[] {
  const validate = (from === 'json' ? strict : coercing).get(name);
  if (!validate) throw new Error(`no schema ${name}`);
  const copy = structuredClone(data);
  if (validate(copy)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}
