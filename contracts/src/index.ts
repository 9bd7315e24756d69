export * from './identity.ts';
export * from './organisation.ts';
export * from './permissions.ts';
