-- Files (hồ sơ): clerks (văn thư) keep the unit's file list and file documents (documents.file);
-- administrators hold it too, since an administrator may only grant what they hold. Leaders and
-- specialists read files with documents.read.
UPDATE role SET permissions = array_append(permissions, 'documents.file')
 WHERE id IN ('clerk', 'unit_admin', 'system_admin') AND NOT ('documents.file' = ANY (permissions));
