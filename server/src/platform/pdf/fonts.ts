import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Tinos (Apache/OFL, from the pinned npm package @expo-google-fonts/tinos): metric-compatible with
 * Times New Roman, the face Decree 30 (Appendix I) prescribes, with every Vietnamese precomposed
 * letter. Loaded from node_modules, so a clean clone renders the same PDFs as any machine.
 */
export const fontStyles = ['regular', 'bold', 'italic', 'boldItalic'] as const;
export type FontStyle = (typeof fontStyles)[number];

const files: Record<FontStyle, string> = {
  regular: '400Regular/Tinos_400Regular.ttf',
  bold: '700Bold/Tinos_700Bold.ttf',
  italic: '400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/Tinos_700Bold_Italic.ttf',
};

const require = createRequire(import.meta.url);
let cache: Record<FontStyle, Buffer> | undefined;

/** The four TTF files, read once per process (≈ 2 MB together). */
export function serifFonts(): Record<FontStyle, Buffer> {
  cache ??= Object.fromEntries(
    fontStyles.map((style) => [
      style,
      readFileSync(require.resolve(`@expo-google-fonts/tinos/${files[style]}`)),
    ]),
  ) as Record<FontStyle, Buffer>;
  return cache;
}
