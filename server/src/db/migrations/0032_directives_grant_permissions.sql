-- Directives (chỉ đạo): leaders send them and follow their boards (directives.send); the staff of a
-- recipient unit acknowledge and report back (directives.respond). Administrators hold both, since
-- an administrator may only grant what they hold. Leaders also respond for their own unit.
UPDATE role SET permissions = array_append(permissions, 'directives.send')
 WHERE id IN ('leader', 'unit_admin', 'system_admin') AND NOT ('directives.send' = ANY (permissions));
--> statement-breakpoint
UPDATE role SET permissions = array_append(permissions, 'directives.respond')
 WHERE id IN ('leader', 'clerk', 'specialist', 'member', 'unit_admin', 'system_admin')
   AND NOT ('directives.respond' = ANY (permissions));
