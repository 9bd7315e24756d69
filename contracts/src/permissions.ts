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
  /** Keep files (lập hồ sơ): the file list, documents in files, closing and archive transfer. */
  'documents.file',
  // Electronic document exchange (edXML): see server/src/modules/exchange.
  'exchange.receive',
  // Digital signatures: see server/src/modules/signatures.
  /** One's own signing credentials (certificate + PIN) and signature image. */
  'signatures.manage_own',
  /** A unit's agency credentials and seal image, and its staff's signature images. */
  'signatures.manage_unit',
  /** Trust anchors (root CAs that signatures are verified against). */
  'signatures.admin',
  // Communication across levels: see server/src/modules/messaging and server/src/modules/directives.
  /** Create ad-hoc channels, moderate (see edit/delete history, delete others' messages, pin), post in announcement channels. */
  'channels.moderate',
  /** Send directives (chỉ đạo) to units in one's subtree and follow their boards. */
  'directives.send',
  /** Acknowledge and report back on directives addressed to one's unit. */
  'directives.respond',
  // Voter contact and voters' petitions: see server/src/modules/petitions.
  /** See the petitions of one's subtree (without petitioners' personal data), sessions, scorecards. */
  'petitions.read',
  /** Record petitions (assisted intake), confirm e-mail drafts, classify, consolidate and undo. */
  'petitions.intake',
  /** Forward petitions to agencies and delegates, re-route returned ones, publish answers. */
  'petitions.route',
  /** See petitioners' names and contacts (each view audited). */
  'petitions.personal_data',
  /** Hide, redact and restore petitions on the public site, with a reason. */
  'petitions.moderate',
  /** Plan voter-contact sessions (tiếp xúc cử tri), invitations, attendance and minutes. */
  'petitions.sessions',
  /** Subjects, recipients (agencies, delegates), deadline rules, holidays, Open311 API keys. */
  'petitions.configure',
  // Public sites and propaganda (tuyên truyền): see server/src/modules/portal.
  /** See the unit's articles in every state, its media library and categories. */
  'portal.read',
  /** Write and edit articles, upload media, send an article for review. */
  'portal.write',
  /** Approve an article under review, or send it back with a reason. */
  'portal.approve',
  /** Publish, schedule and unpublish approved articles; compose radio bulletins. */
  'portal.publish',
  /** The site itself: slug, host name, menus, categories, tags, cross-posting tokens. */
  'portal.configure',
  /** The site's reach: page views, visitors, top articles, referrers; export. */
  'portal.analytics',
] as const;

export type Permission = (typeof permissions)[number];

export const isPermission = (value: string): value is Permission =>
  (permissions as readonly string[]).includes(value);
