import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

/** The Front's red, dark enough at shade 7 for white text at AA contrast (6.6:1). */
const front: MantineColorsTuple = [
  '#fdecea',
  '#f9d3cf',
  '#f1a7a0',
  '#ea7a70',
  '#e35247',
  '#d63b2f',
  '#c22e23',
  '#b3261e',
  '#961f18',
  '#7a1812',
];

export const theme = createTheme({
  primaryColor: 'front',
  primaryShade: 7,
  colors: { front },
  focusRing: 'auto',
  defaultRadius: 'sm',
  cursorType: 'pointer',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // Badges wrap instead of truncating in narrow table columns.
    Badge: {
      defaultProps: { variant: 'outline', tt: 'none' },
      styles: {
        root: { height: 'auto', minHeight: 'var(--badge-height)', maxWidth: '100%' },
        label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
      },
    },
    // Links inside text must not rely on colour alone (WCAG 1.4.1).
    Anchor: { defaultProps: { underline: 'always' } },
    // Light alerts colour their title with the alert colour, too pale for yellow/blue: keep it dark.
    Alert: { styles: { title: { color: 'var(--mantine-color-black)' } } },
    // Required fields carry the `required` attribute (announced by screen readers) but no visual
    // asterisk, so a label's text is exactly its accessible name.
    InputWrapper: { defaultProps: { withAsterisk: false } },
    TextInput: { defaultProps: { withAsterisk: false } },
    PasswordInput: { defaultProps: { withAsterisk: false } },
    Select: { defaultProps: { withAsterisk: false } },
    Textarea: { defaultProps: { withAsterisk: false } },
    FileInput: { defaultProps: { withAsterisk: false } },
  },
});

/** Dimmed text, placeholders and field errors darkened so they stay above 4.5:1 on white. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': 'var(--mantine-color-front-8)',
    // Field errors (message and the field's text) at 7.9:1 instead of red-6's 3.3:1.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
