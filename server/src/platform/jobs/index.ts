export type { JobHandler } from './jobs.ts';
export { Jobs } from './jobs.ts';
