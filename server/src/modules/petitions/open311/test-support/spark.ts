import { XMLParser } from 'fast-xml-parser';

/**
 * An XML answer read by the Spark convention (open311.org, "JSON and XML Conversion"), the
 * mapping GeoReport v2 defines its JSON by: the root element dropped; an element whose child
 * elements are all of one kind becomes an array; other elements with children become objects;
 * an element without children is its text, or null when empty. Text stays text: XML has no
 * types, the JSON Schemas coerce it (see schemas.ts). An empty root (no requests) is an empty list.
 */
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
});

type Entry = Record<string, unknown>;
const nameOf = (entry: Entry) => Object.keys(entry).find((key) => key !== ':@')!;

function convert(children: Entry[]): unknown {
  const elements = children.filter((entry) => nameOf(entry) !== '#text');
  if (!elements.length) {
    const text = children.map((entry) => entry['#text']).filter((t) => t !== undefined);
    return text.length ? text.join('') : null;
  }
  const names = new Set(elements.map(nameOf));
  if (names.size === 1) return elements.map((element) => convert(element[nameOf(element)] as Entry[]));
  const object: Record<string, unknown> = {};
  for (const element of elements) object[nameOf(element)] = convert(element[nameOf(element)] as Entry[]);
  return object;
}

export interface XmlDocument {
  declaration: string | null;
  root: string;
  value: unknown;
}

export function readXml(xml: string): XmlDocument {
  const entries = parser.parse(xml) as Entry[];
  const declaration = /^<\?xml[^?]*\?>/.exec(xml)?.[0] ?? null;
  const root = entries.find((entry) => !nameOf(entry).startsWith('?') && nameOf(entry) !== '#text');
  if (!root) throw new Error('no root element');
  const name = nameOf(root);
  const value = convert(root[name] as Entry[]);
  return { declaration, root: name, value: value === null ? [] : value };
}

/**
 * Whether the XML (read by the Spark convention) and the JSON answers hold the same document:
 * the same shape, and every leaf the same text (JSON's numbers and booleans written as XML writes them).
 */
export function sameDocument(xml: unknown, json: unknown, path = '$'): string[] {
  if (Array.isArray(json)) {
    if (!Array.isArray(xml)) return [`${path}: a list in JSON, not in XML`];
    if (xml.length !== json.length) return [`${path}: ${json.length} items in JSON, ${xml.length} in XML`];
    return json.flatMap((item, i) => sameDocument(xml[i], item, `${path}[${i}]`));
  }
  if (json !== null && typeof json === 'object') {
    if (xml === null || typeof xml !== 'object' || Array.isArray(xml))
      return [`${path}: an object in JSON only`];
    const jsonKeys = Object.keys(json);
    const xmlKeys = Object.keys(xml);
    if (jsonKeys.join() !== xmlKeys.join())
      return [`${path}: keys ${jsonKeys.join()} in JSON, ${xmlKeys.join()} in XML`];
    return jsonKeys.flatMap((key) =>
      sameDocument(
        (xml as Record<string, unknown>)[key],
        (json as Record<string, unknown>)[key],
        `${path}.${key}`,
      ),
    );
  }
  const text = (value: unknown) => (value === null ? null : String(value));
  return text(xml) === text(json) ? [] : [`${path}: ${String(json)} in JSON, ${String(xml)} in XML`];
}
