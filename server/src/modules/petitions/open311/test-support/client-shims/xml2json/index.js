// Stand-in for xml2json 0.2: toJson(xml, { object: true }) (see ../README.md).
const { XMLParser } = require('fast-xml-parser');

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
});

exports.toJson = (xml, options) => {
  const object = parser.parse(String(xml));
  return options?.object ? object : JSON.stringify(object);
};
