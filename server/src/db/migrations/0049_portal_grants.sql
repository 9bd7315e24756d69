-- Public sites (issue 7): permissions for the built-in roles. Administrators hold every portal
-- permission (they may only grant what they hold); leaders approve and publish; clerks and
-- specialists write; auditors read and see the reach.
UPDATE role SET permissions = permissions || ARRAY['portal.read', 'portal.write', 'portal.approve',
    'portal.publish', 'portal.configure', 'portal.analytics']
 WHERE id IN ('unit_admin', 'system_admin') AND NOT ('portal.read' = ANY (permissions));
--> statement-breakpoint
UPDATE role SET permissions = permissions || ARRAY['portal.read', 'portal.write', 'portal.approve',
    'portal.publish', 'portal.analytics']
 WHERE id = 'leader' AND NOT ('portal.read' = ANY (permissions));
--> statement-breakpoint
UPDATE role SET permissions = permissions || ARRAY['portal.read', 'portal.write']
 WHERE id IN ('clerk', 'specialist') AND NOT ('portal.read' = ANY (permissions));
--> statement-breakpoint
UPDATE role SET permissions = permissions || ARRAY['portal.read', 'portal.analytics']
 WHERE id = 'auditor' AND NOT ('portal.read' = ANY (permissions));
