// Stand-in for codeforamerica/node-sparkxml: parseXml(xml, parseTypes) by its rules (see ../README.md).
const { XMLParser } = require('fast-xml-parser');

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
});

const nameOf = (entry) => Object.keys(entry).find((key) => key !== ':@');

function parseValue(value) {
  const number = Number(value);
  if (!Number.isNaN(number)) return number;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return value;
}

function convert(children, parseTypes) {
  const elements = children.filter((entry) => nameOf(entry) !== '#text');
  if (elements.length === 0) {
    const text = children
      .map((entry) => entry['#text'])
      .filter((t) => t !== undefined)
      .join('');
    if (children.length === 0) return null;
    return parseTypes && text !== '' ? parseValue(text) : text;
  }
  let isList = elements.length === 1;
  let result = isList ? [] : {};
  for (const element of elements) {
    const name = nameOf(element);
    if (!isList && Object.hasOwn(result, name)) {
      isList = true;
      result = Object.values(result);
    }
    const value = convert(element[name], parseTypes);
    if (isList) result.push(value);
    else result[name] = value;
  }
  return result;
}

exports.parseXml = (xmlString, parseTypes) => {
  const document = parser.parse(xmlString);
  const root = document.find((entry) => !nameOf(entry).startsWith('?') && nameOf(entry) !== '#text');
  return convert(root[nameOf(root)], parseTypes !== false);
};
