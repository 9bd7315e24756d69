export type { Language } from './language.ts';
export { pickLanguage } from './language.ts';
