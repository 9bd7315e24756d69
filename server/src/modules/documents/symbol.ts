/** Numbers below 10 get a leading zero (Decree 30, Art. 15): 1 → "01", 15 → "15". */
export const padNumber = (n: number) => (n < 10 ? `0${n}` : String(n));

export interface SymbolParts {
  number: number;
  typeCode: string | null;
  unitSymbol: string;
}

/**
 * Applies a register's symbol grammar: `{n}` number, `{type}` type code, `{unit}` unit symbol.
 * Types without a code (công văn) use the no-type template. Returns CodeNumber and CodeNotation
 * (the part after the first "/"), as edXML carries them.
 */
export function formatSymbol(
  templates: { withType: string; withoutType: string },
  parts: SymbolParts,
): { codeNumber: string; codeNotation: string; symbol: string } {
  const template = parts.typeCode ? templates.withType : templates.withoutType;
  const codeNumber = padNumber(parts.number);
  const symbol = template
    .replaceAll('{n}', codeNumber)
    .replaceAll('{type}', parts.typeCode ?? '')
    .replaceAll('{unit}', parts.unitSymbol);
  const slash = symbol.indexOf('/');
  return { codeNumber, codeNotation: slash >= 0 ? symbol.slice(slash + 1) : symbol, symbol };
}

/** A symbol template must name the number once, followed by "/" and the notation. */
export function isValidTemplate(template: string): boolean {
  return template.startsWith('{n}/') && template.split('{n}').length === 2 && template.length <= 100;
}

/** edXML DocumentId: "<OrganId>,<yyyy/MM/dd>,<number>/<notation>". */
export function documentIdentifier(
  organId: string,
  issuedDate: string,
  codeNumber: string,
  codeNotation: string,
) {
  return `${organId},${issuedDate.replaceAll('-', '/')},${codeNumber}/${codeNotation}`;
}

/** Today's date and year in Vietnam (UTC+7), where registers turn over on 1 January. */
export function vietnamToday(now = new Date()): { date: string; year: number } {
  const date = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  return { date, year: Number(date.slice(0, 4)) };
}
