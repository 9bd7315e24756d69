-- Digital signatures: grant the signature permissions to the system roles (appended in order).
-- signatures.manage_own (one's own certificates, PIN and signature image): everyone who signs or
--   drafts — leaders, registry clerks, specialists, and the administrators.
-- signatures.manage_unit (the unit's agency certificate and seal image, staff signature images):
--   the registry clerk (văn thư applies the agency signature) and the administrators, who may only
--   grant what they hold.
-- signatures.admin (trust anchors): the system administrator.
-- (Migrations share one session: a pg_temp helper of an earlier migration would clash, so plain UPDATEs.)
UPDATE role SET permissions = array_append(permissions, 'signatures.manage_own')
 WHERE id IN ('leader', 'clerk', 'specialist', 'unit_admin', 'system_admin')
   AND NOT ('signatures.manage_own' = ANY (permissions));
--> statement-breakpoint
UPDATE role SET permissions = array_append(permissions, 'signatures.manage_unit')
 WHERE id IN ('clerk', 'unit_admin', 'system_admin') AND NOT ('signatures.manage_unit' = ANY (permissions));
--> statement-breakpoint
UPDATE role SET permissions = array_append(permissions, 'signatures.admin')
 WHERE id = 'system_admin' AND NOT ('signatures.admin' = ANY (permissions));
