-- Messaging: hierarchy channels are synced inside the transaction that changes the organisation,
-- at commit time (replaces 0034's notify-then-job triggers: immediate, transport-independent).
--
-- messaging_wanted_channels(units): the hierarchy channels that should exist (and be active).
-- messaging_desired_members(units): (channel, staff) pairs that should hold for hierarchy channels.
-- messaging_sync_hierarchy(units): creates, archives/unarchives, renames, adds and removes members;
--   publishes { access: true } on the topic of every channel whose membership changed.
-- `units` NULL: the whole tree; otherwise the channels of those units and of their ancestors.
-- Rules: modules/messaging/README.md ("Hierarchy channels and their sync").
DROP TRIGGER IF EXISTS unit_messaging_org_changed ON unit;
--> statement-breakpoint
DROP TRIGGER IF EXISTS staff_messaging_org_changed ON staff;
--> statement-breakpoint
DROP FUNCTION IF EXISTS messaging_org_changed();
--> statement-breakpoint
CREATE FUNCTION messaging_in_scope(p_unit uuid, p_units uuid[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT p_units IS NULL OR p_unit IN (
    SELECT a.id FROM unit a JOIN unit x ON a.path @> x.path WHERE x.id = ANY (p_units))
$$;
--> statement-breakpoint
CREATE FUNCTION messaging_wanted_channels(p_units uuid[])
RETURNS TABLE (kind text, unit_id uuid, name text)
LANGUAGE sql STABLE AS $$
  SELECT 'unit', u.id, u.name FROM unit u
   WHERE u.kind = 'committee' AND u.status = 'active' AND messaging_in_scope(u.id, p_units)
  UNION ALL
  SELECT 'province_communes', u.id, u.name || ' và các xã, phường' FROM unit u
   WHERE u.kind = 'committee' AND u.status = 'active' AND u.level_id = 'province'
     AND messaging_in_scope(u.id, p_units)
  UNION ALL
  SELECT 'committee_organisations', u.id, u.name || ' và các tổ chức chính trị - xã hội' FROM unit u
   WHERE u.kind = 'committee' AND u.status = 'active' AND messaging_in_scope(u.id, p_units)
     AND EXISTS (SELECT 1 FROM unit m WHERE m.parent_id = u.id
                    AND m.kind = 'member_organisation' AND m.status = 'active')
$$;
--> statement-breakpoint
CREATE FUNCTION messaging_desired_members(p_units uuid[])
RETURNS TABLE (channel_id uuid, staff_id uuid)
LANGUAGE sql STABLE AS $$
  WITH home AS (
    -- A person's home body: the nearest committee, member organisation or residential committee at
    -- or above their unit (standing boards and departments belong to their committee).
    SELECT s.id AS staff_id, h.id AS home_id, h.kind AS home_kind, h.level_id AS home_level,
           h.parent_id AS home_parent, h.path AS home_path
      FROM staff s
      JOIN unit su ON su.id = s.unit_id AND su.status = 'active'
      CROSS JOIN LATERAL (
        SELECT a.id, a.kind, a.level_id, a.parent_id, a.path, a.status FROM unit a
         WHERE a.path @> su.path AND a.kind IN ('committee', 'member_organisation', 'residential_committee')
         ORDER BY nlevel(a.path) DESC LIMIT 1) h
     WHERE s.status = 'active' AND h.status = 'active'
  ), live AS (
    SELECT c.id, c.kind, c.unit_id, p.path AS unit_path FROM channel c JOIN unit p ON p.id = c.unit_id
     WHERE c.archived_at IS NULL AND messaging_in_scope(c.unit_id, p_units)
  )
  SELECT l.id, home.staff_id FROM live l
    JOIN home ON l.kind = 'unit' AND home.home_kind = 'committee' AND home.home_id = l.unit_id
  UNION
  SELECT l.id, home.staff_id FROM live l
    JOIN home ON l.kind = 'province_communes' AND home.home_kind = 'committee'
     AND (home.home_id = l.unit_id OR (home.home_level = 'commune' AND home.home_path <@ l.unit_path))
  UNION
  SELECT l.id, home.staff_id FROM live l
    JOIN home ON l.kind = 'committee_organisations'
     AND ((home.home_kind = 'committee' AND home.home_id = l.unit_id)
       OR (home.home_kind = 'member_organisation' AND home.home_parent = l.unit_id))
$$;
--> statement-breakpoint
CREATE FUNCTION messaging_sync_hierarchy(p_units uuid[])
RETURNS TABLE (channels_changed integer, added integer, removed integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_changed uuid[];
  v_added integer;
  v_removed integer;
  v_channel uuid;
BEGIN
  -- One sync at a time: concurrent runs would race on the same inserts.
  PERFORM pg_advisory_xact_lock(hashtext('messaging.sync'));

  INSERT INTO channel (kind, unit_id, name)
  SELECT w.kind, w.unit_id, w.name FROM messaging_wanted_channels(p_units) w
   WHERE NOT EXISTS (SELECT 1 FROM channel c WHERE c.kind = w.kind AND c.unit_id = w.unit_id);

  WITH x AS (
    SELECT c2.id, w.unit_id IS NOT NULL AS qualifies, w.name FROM channel c2
      LEFT JOIN messaging_wanted_channels(p_units) w ON w.kind = c2.kind AND w.unit_id = c2.unit_id
     WHERE c2.unit_id IS NOT NULL AND messaging_in_scope(c2.unit_id, p_units))
  UPDATE channel c
     SET archived_at = CASE WHEN x.qualifies THEN NULL ELSE coalesce(c.archived_at, now()) END,
         name = coalesce(x.name, c.name),
         updated_at = now()
    FROM x
   WHERE c.id = x.id
     AND (x.qualifies = (c.archived_at IS NOT NULL) OR c.name IS DISTINCT FROM coalesce(x.name, c.name));

  CREATE TEMP TABLE IF NOT EXISTS messaging_desired (channel_id uuid, staff_id uuid) ON COMMIT DROP;
  TRUNCATE messaging_desired;
  INSERT INTO messaging_desired SELECT * FROM messaging_desired_members(p_units);

  WITH gone AS (
    DELETE FROM channel_member m
     USING channel c
     WHERE c.id = m.channel_id AND m.source = 'hierarchy' AND c.unit_id IS NOT NULL
       AND messaging_in_scope(c.unit_id, p_units)
       AND NOT EXISTS (SELECT 1 FROM messaging_desired d WHERE d.channel_id = m.channel_id AND d.staff_id = m.staff_id)
    RETURNING m.channel_id)
  SELECT count(*)::int, coalesce(array_agg(DISTINCT channel_id), '{}') INTO v_removed, v_changed FROM gone;

  WITH joined AS (
    INSERT INTO channel_member (channel_id, staff_id, role, source, last_read_seq)
    SELECT d.channel_id, d.staff_id, 'member', 'hierarchy', c.last_message_seq
      FROM messaging_desired d JOIN channel c ON c.id = d.channel_id
    ON CONFLICT (channel_id, staff_id) DO NOTHING
    RETURNING channel_id)
  SELECT count(*)::int, v_changed || coalesce(array_agg(DISTINCT channel_id), '{}') INTO v_added, v_changed FROM joined;

  v_changed := ARRAY(SELECT DISTINCT unnest(v_changed));
  FOREACH v_channel IN ARRAY v_changed LOOP
    PERFORM mts_realtime_publish('channel:' || v_channel, '{"access": true}'::jsonb);
  END LOOP;
  RETURN QUERY SELECT cardinality(v_changed), v_added, v_removed;
END;
$$;
--> statement-breakpoint
-- Any change to units (placement, status, kind, level, name) or staff (unit, status) syncs once per
-- transaction, at commit (deferred constraint triggers; the first one to fire does the work).
CREATE FUNCTION messaging_sync_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('messaging.synced_tx', true) IS DISTINCT FROM txid_current()::text THEN
    PERFORM set_config('messaging.synced_tx', txid_current()::text, true);
    PERFORM messaging_sync_hierarchy(NULL);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER unit_messaging_sync
  AFTER INSERT OR DELETE OR UPDATE OF parent_id, status, kind, level_id, name ON unit
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION messaging_sync_at_commit();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER staff_messaging_sync
  AFTER INSERT OR DELETE OR UPDATE OF unit_id, status ON staff
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION messaging_sync_at_commit();
