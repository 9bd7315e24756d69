export { auditLog } from './audit.schema.ts';
export type { AuditContext, AuditEvent, ChainReport } from './audit.service.ts';
export { auditContextOf, recordAudit, systemAuditContext, verifyAuditChain } from './audit.service.ts';
