/**
 * Every permission a role can grant. A grant applies to the unit it is held in and its whole
 * subtree. Later modules append their permissions here.
 */
export const permissions = [
  'units.read',
  'units.manage',
  'units.reorganise',
  'staff.read',
  'staff.manage',
  'staff.import',
  'roles.read',
  'roles.assign',
  'roles.manage',
  'sessions.manage',
  'tokens.manage',
  'audit.read',
  'mail.outbox.read',
  'unit_levels.manage',
  // Official documents (văn bản): see server/src/modules/documents.
  'documents.read',
  'documents.register',
  'documents.direct',
  'documents.process',
  'documents.draft',
  'documents.review',
  'documents.approve',
  'documents.issue',
  'documents.configure',
  // Electronic document exchange (edXML): see server/src/modules/exchange.
  'exchange.receive',
] as const;

export type Permission = (typeof permissions)[number];

export const isPermission = (value: string): value is Permission =>
  (permissions as readonly string[]).includes(value);
