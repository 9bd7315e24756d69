-- Messaging sync, scoped and without JIT.
--
-- 1. JIT off for the sync. `enable_nestloop = off` makes PostgreSQL before 18 add a huge cost to
--    the plans it still contains, which pushes every statement past jit_above_cost: each one was then
--    JIT-compiled (~0.3 s), 14x slower than the work on PostgreSQL 15 with JIT on (its default).
-- 2. Only what a transaction touched is synced at its commit: row triggers note the units a change
--    affects in a session-local temporary table; the deferred trigger syncs the channels of those
--    units and of their ancestors (messaging_channel_scope) and empties the table. A change to one
--    person or one commune no longer recomputes the whole country.
-- 3. messaging_desired_members_in starts its walk from the scoped units and their children only
--    (a channel of unit X draws on staff whose home body is X or a child of X).
CREATE OR REPLACE FUNCTION messaging_desired_members_in(p_scope uuid[])
RETURNS TABLE (channel_id uuid, staff_id uuid)
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE homes AS (
    SELECT u.id AS unit_id, u.id AS home_id, u.kind AS home_kind, u.level_id AS home_level,
           u.parent_id AS home_parent, u.status AS home_status
      FROM unit u
     WHERE u.kind IN ('committee', 'member_organisation', 'residential_committee')
       AND (p_scope IS NULL OR u.id = ANY (p_scope) OR u.parent_id = ANY (p_scope))
    UNION ALL
    SELECT c.id, h.home_id, h.home_kind, h.home_level, h.home_parent, h.home_status
      FROM unit c JOIN homes h ON c.parent_id = h.unit_id
     WHERE c.kind IN ('standing_board', 'department')
  ), home AS (
    SELECT s.id AS staff_id, h.home_id, h.home_kind, h.home_parent,
           CASE WHEN h.home_kind = 'committee' AND h.home_level = 'province' THEN h.home_id
                WHEN h.home_kind = 'committee' AND h.home_level = 'commune' THEN p.id END AS province_id
      FROM staff s
      JOIN unit su ON su.id = s.unit_id AND su.status = 'active'
      JOIN homes h ON h.unit_id = s.unit_id
      LEFT JOIN unit p ON p.id = h.home_parent AND p.kind = 'committee' AND p.level_id = 'province'
     WHERE s.status = 'active' AND h.home_status = 'active'
  ), wanted (kind, unit_id, staff_id) AS (
    SELECT 'unit', home_id, staff_id FROM home WHERE home_kind = 'committee'
    UNION ALL
    SELECT 'province_communes', province_id, staff_id FROM home WHERE province_id IS NOT NULL
    UNION ALL
    SELECT 'committee_organisations', home_id, staff_id FROM home WHERE home_kind = 'committee'
    UNION ALL
    SELECT 'committee_organisations', home_parent, staff_id FROM home WHERE home_kind = 'member_organisation'
  )
  SELECT DISTINCT c.id, w.staff_id
    FROM wanted w
    JOIN channel c ON c.kind = w.kind AND c.unit_id = w.unit_id AND c.archived_at IS NULL
   WHERE p_scope IS NULL OR c.unit_id = ANY (p_scope)
$$;
--> statement-breakpoint
ALTER FUNCTION messaging_sync_hierarchy(uuid[]) SET jit = off;
--> statement-breakpoint
-- Notes the units whose channels a unit or staff row change can affect (the new placement is
-- covered by the ancestors of the row's unit at commit; the old one by its old parent or unit).
CREATE FUNCTION messaging_note_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_units uuid[];
BEGIN
  IF TG_TABLE_NAME = 'unit' THEN
    v_units := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.id]
                          WHEN 'UPDATE' THEN ARRAY[NEW.id, OLD.parent_id]
                          ELSE ARRAY[OLD.parent_id] END;
  ELSE
    v_units := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.unit_id]
                          WHEN 'UPDATE' THEN ARRAY[NEW.unit_id, OLD.unit_id]
                          ELSE ARRAY[OLD.unit_id] END;
  END IF;
  IF to_regclass('pg_temp.messaging_pending_unit') IS NULL THEN
    CREATE TEMPORARY TABLE messaging_pending_unit (unit_id uuid PRIMARY KEY);
  END IF;
  INSERT INTO pg_temp.messaging_pending_unit
  SELECT DISTINCT x FROM unnest(v_units) x WHERE x IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER unit_messaging_note
  AFTER INSERT OR DELETE OR UPDATE OF parent_id, status, kind, level_id, name ON unit
  FOR EACH ROW EXECUTE FUNCTION messaging_note_change();
--> statement-breakpoint
CREATE TRIGGER staff_messaging_note
  AFTER INSERT OR DELETE OR UPDATE OF unit_id, status ON staff
  FOR EACH ROW EXECUTE FUNCTION messaging_note_change();
--> statement-breakpoint
-- At commit (the deferred triggers of 0038): the first one to fire takes every noted unit and syncs
-- them; the rest find the table empty. Rolled-back notes vanish with their transaction.
CREATE OR REPLACE FUNCTION messaging_sync_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_units uuid[];
BEGIN
  IF to_regclass('pg_temp.messaging_pending_unit') IS NULL THEN
    RETURN NULL;
  END IF;
  WITH taken AS (DELETE FROM pg_temp.messaging_pending_unit RETURNING unit_id)
  SELECT array_agg(unit_id) INTO v_units FROM taken;
  IF v_units IS NOT NULL THEN
    PERFORM messaging_sync_hierarchy(v_units);
  END IF;
  RETURN NULL;
END;
$$;
