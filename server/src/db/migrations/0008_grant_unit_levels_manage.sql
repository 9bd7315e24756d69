-- Renaming hierarchy levels is a system-wide setting: only system administrators may do it.
UPDATE role SET permissions = array_append(permissions, 'unit_levels.manage')
 WHERE id = 'system_admin' AND NOT ('unit_levels.manage' = ANY (permissions));
