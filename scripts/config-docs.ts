/**
 * `npm run docs:config`: writes the configuration reference (generated from the zod schema in
 * server/src/config.ts) into README.md between `<!-- config:start -->` and `<!-- config:end -->`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigReference, withConfigReference } from '../server/src/config-reference.ts';

const readmePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md');
const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '# Mặt trận số\n';
const updated = withConfigReference(readme, renderConfigReference());
if (updated === readme) {
  console.log('README.md: configuration reference already up to date.');
} else {
  writeFileSync(readmePath, updated);
  console.log('README.md: configuration reference updated.');
}
