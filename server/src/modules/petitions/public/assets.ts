import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The public pages' static files, read once at start and served from our own origin under
 * /kien-nghi/tai-nguyen/ with a year of caching: the names carry a content hash (or Leaflet's
 * version), so a new release gets new URLs.
 */
export interface PublicAssets {
  files: Map<string, { body: Buffer; contentType: string }>;
  stylesheet: string;
  /** The map's scripts and styles (Leaflet and our enhancement), for pages that show a map. */
  map: { scripts: string[]; styles: string[] };
}

const BASE = '/kien-nghi/tai-nguyen/';
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const fingerprinted = (name: string, ext: string, body: Buffer) =>
  `${name}.${createHash('sha256').update(body).digest('hex').slice(0, 10)}.${ext}`;

export function loadPublicAssets(): PublicAssets {
  const files = new Map<string, { body: Buffer; contentType: string }>();
  const add = (name: string, body: Buffer, contentType: string) => {
    files.set(name, { body, contentType });
    return `${BASE}${name}`;
  };
  const css = readFileSync(path.join(here, 'public.css'));
  const stylesheet = add(fingerprinted('kien-nghi', 'css', css), css, 'text/css; charset=utf-8');
  const mapJs = readFileSync(path.join(here, 'map.js'));
  const mapScript = add(fingerprinted('ban-do', 'js', mapJs), mapJs, 'text/javascript; charset=utf-8');

  const leafletDir = path.dirname(require.resolve('leaflet/dist/leaflet.js'));
  const { version } = require('leaflet/package.json') as { version: string };
  const leaflet = `leaflet-${version}`;
  const leafletJs = add(
    `${leaflet}/leaflet.js`,
    readFileSync(path.join(leafletDir, 'leaflet.js')),
    'text/javascript; charset=utf-8',
  );
  const leafletCss = add(
    `${leaflet}/leaflet.css`,
    readFileSync(path.join(leafletDir, 'leaflet.css')),
    'text/css; charset=utf-8',
  );
  for (const image of [
    'layers.png',
    'layers-2x.png',
    'marker-icon.png',
    'marker-icon-2x.png',
    'marker-shadow.png',
  ])
    add(`${leaflet}/images/${image}`, readFileSync(path.join(leafletDir, 'images', image)), 'image/png');

  return { files, stylesheet, map: { scripts: [leafletJs, mapScript], styles: [leafletCss] } };
}
