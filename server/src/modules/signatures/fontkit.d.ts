/** The part of fontkit (no bundled types) the demo seal uses: parse a TTF; glyphs are typed where used. */
declare module 'fontkit' {
  export function create(buffer: Buffer): unknown;
}
