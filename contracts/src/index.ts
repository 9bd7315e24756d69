export * from './audit.ts';
export * from './documents.ts';
export * from './documents-search.ts';
export * from './exchange.ts';
export * from './identity.ts';
export * from './mail.ts';
export * from './organisation.ts';
export * from './permissions.ts';
