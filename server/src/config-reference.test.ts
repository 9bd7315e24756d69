import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchema, projectRoot } from './config.ts';
import { CONFIG_END, CONFIG_START, renderConfigReference, withConfigReference } from './config-reference.ts';

describe('configuration reference', () => {
  it('is up to date in README.md (run `npm run docs:config` after changing server/src/config.ts)', () => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    expect(readme).toContain(CONFIG_START);
    expect(withConfigReference(readme, renderConfigReference())).toBe(readme);
  });

  it('describes every setting', () => {
    const undescribed = Object.entries(configSchema.shape)
      .filter(([, schema]) => !schema.description)
      .map(([name]) => name);
    expect(undescribed).toEqual([]);
  });

  it('shows each variable with its default, description and allowed values', () => {
    const schema = z.object({
      MODE: z.enum(['a', 'b']).default('a').describe('Mode | kind.'),
      LIMIT: z.coerce.number().default(5).describe('How many.'),
      TOKEN: z.string().optional().describe('A token.'),
    });
    expect(renderConfigReference(schema).split('\n')).toEqual([
      '| Variable | Default | Description                    |',
      '| -------- | ------- | ------------------------------ |',
      '| `MODE`   | `a`     | Mode \\| kind. One of `a`, `b`. |',
      '| `LIMIT`  | `5`     | How many.                      |',
      '| `TOKEN`  | —       | A token.                       |',
    ]);
  });

  it('replaces only what lies between the markers, or appends a section holding them', () => {
    const readme = `# Title\n\nIntro.\n\n${CONFIG_START}\nold table\n${CONFIG_END}\n\n## Deployment\n`;
    expect(withConfigReference(readme, 'new table')).toBe(
      `# Title\n\nIntro.\n\n${CONFIG_START}\nnew table\n${CONFIG_END}\n\n## Deployment\n`,
    );
    expect(withConfigReference('# Title\n', 'table')).toBe(
      `# Title\n\n## Configuration\n\n${CONFIG_START}\ntable\n${CONFIG_END}\n`,
    );
  });
});
