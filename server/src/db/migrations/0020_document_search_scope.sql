DROP INDEX "document_search_vector_idx";--> statement-breakpoint
ALTER TABLE "document" ADD COLUMN "scope_unit_ids" uuid[];--> statement-breakpoint
-- The owner unit and its ancestors, root first (search scope; see search.md).
CREATE OR REPLACE FUNCTION unit_scope_ids(uuid) RETURNS uuid[]
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (SELECT array_agg(a.id ORDER BY nlevel(a.path)) FROM unit u JOIN unit a ON a.path @> u.path WHERE u.id = $1);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION document_set_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.scope_unit_ids := unit_scope_ids(NEW.unit_id);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER document_set_scope BEFORE INSERT OR UPDATE OF unit_id ON document
  FOR EACH ROW EXECUTE FUNCTION document_set_scope();
--> statement-breakpoint
-- A reorganisation rewrites the paths of whole subtrees in one statement: the documents of every
-- unit whose path changed get their new ancestors, in the same transaction.
CREATE OR REPLACE FUNCTION unit_refresh_document_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE document d SET scope_unit_ids = unit_scope_ids(d.unit_id)
    FROM new_units n JOIN old_units o ON o.id = n.id
   WHERE n.path IS DISTINCT FROM o.path AND d.unit_id = n.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER unit_refresh_document_scope AFTER UPDATE ON unit
  REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units
  FOR EACH STATEMENT EXECUTE FUNCTION unit_refresh_document_scope();
--> statement-breakpoint
UPDATE document d SET scope_unit_ids = s.ids
  FROM (SELECT u.id, array_agg(a.id ORDER BY nlevel(a.path)) AS ids
          FROM unit u JOIN unit a ON a.path @> u.path GROUP BY u.id) s
 WHERE s.id = d.unit_id;
--> statement-breakpoint
CREATE INDEX "document_search_scope_idx" ON "document" USING gin ("search_vector","scope_unit_ids");