import { z } from 'zod';
import { configSchema } from './config.ts';

export const CONFIG_START = '<!-- config:start -->';
export const CONFIG_END = '<!-- config:end -->';

interface Setting {
  name: string;
  defaultValue: unknown;
  description: string;
  choices: string[] | null;
  isFlag: boolean;
}

/** Peels default/optional/pipe wrappers off a setting's schema to find its default and values. */
function describeSetting(name: string, schema: z.ZodType): Setting {
  let defaultValue: unknown;
  let inner: z.ZodType = schema;
  for (;;) {
    if (inner instanceof z.ZodDefault) {
      defaultValue = inner.def.defaultValue;
      inner = inner.def.innerType as z.ZodType;
    } else if (inner instanceof z.ZodOptional) inner = inner.def.innerType as z.ZodType;
    else if (inner instanceof z.ZodPipe) inner = inner.def.in as z.ZodType;
    else break;
  }
  const choices = inner instanceof z.ZodEnum ? (inner.options as string[]).filter(Boolean) : null;
  return {
    name,
    defaultValue,
    description: schema.description ?? '',
    choices,
    isFlag: choices?.includes('true') === true && choices.includes('false'),
  };
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (text: string) => `\`${text}\``;

/** A Markdown table with padded columns, laid out the way the formatter (Biome) lays it out. */
function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(3, title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The configuration reference as a Markdown table, generated from `configSchema`. */
export function renderConfigReference(schema: z.ZodObject = configSchema): string {
  const rows = Object.entries(schema.shape).map(([name, field]) => {
    const setting = describeSetting(name, field as z.ZodType);
    let description = setting.description;
    if (setting.isFlag)
      description += ` ${code('true')}/${code('false')} (or ${code('1')}/${code('0')}, ${code('yes')}/${code('no')}).`;
    else if (setting.choices) description += ` One of ${setting.choices.map(code).join(', ')}.`;
    const defaultText = setting.defaultValue === undefined ? '—' : code(String(setting.defaultValue));
    return [code(name), cell(defaultText), cell(description.trim())];
  });
  return markdownTable(['Variable', 'Default', 'Description'], rows);
}

/**
 * The README with the reference placed between the config markers; everything outside them is
 * kept as it is. Without markers, a Configuration section holding them is appended.
 */
export function withConfigReference(readme: string, reference: string): string {
  const block = `${CONFIG_START}\n${reference}\n${CONFIG_END}`;
  const start = readme.indexOf(CONFIG_START);
  const end = readme.indexOf(CONFIG_END);
  if (start === -1 || end < start) {
    return `${readme.replace(/\n*$/, '')}\n\n## Configuration\n\n${block}\n`;
  }
  return readme.slice(0, start) + block + readme.slice(end + CONFIG_END.length);
}
