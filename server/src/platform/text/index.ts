export { foldVietnamese, slugify } from './fold.ts';
