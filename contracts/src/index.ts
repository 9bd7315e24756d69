export * from './identity.ts';
export * from './permissions.ts';
