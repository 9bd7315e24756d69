-- Messaging sync, faster (it runs at the commit of every organisation change): the scope is worked
-- out once as an array of unit ids; home bodies are found by walking down parent_id (no per-person
-- ltree lookups); each person's channels by one hash join on (kind, unit_id); no temporary table.
-- A commune's province is its parent committee at province level.
CREATE FUNCTION messaging_channel_scope(p_units uuid[]) RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_units IS NULL THEN NULL ELSE ARRAY(
    SELECT DISTINCT a.id FROM unit a JOIN unit x ON a.path @> x.path WHERE x.id = ANY (p_units)) END
$$;
--> statement-breakpoint
CREATE FUNCTION messaging_wanted_channels_in(p_scope uuid[])
RETURNS TABLE (kind text, unit_id uuid, name text)
LANGUAGE sql STABLE AS $$
  SELECT w.kind, u.id, u.name || w.suffix
    FROM unit u
    CROSS JOIN LATERAL (VALUES
      ('unit', '', true),
      ('province_communes', ' và các xã, phường', u.level_id = 'province'),
      ('committee_organisations', ' và các tổ chức chính trị - xã hội',
        EXISTS (SELECT 1 FROM unit m WHERE m.parent_id = u.id AND m.kind = 'member_organisation'
                   AND m.status = 'active'))) w(kind, suffix, applies)
   WHERE u.kind = 'committee' AND u.status = 'active' AND w.applies
     AND (p_scope IS NULL OR u.id = ANY (p_scope))
$$;
--> statement-breakpoint
CREATE FUNCTION messaging_desired_members_in(p_scope uuid[])
RETURNS TABLE (channel_id uuid, staff_id uuid)
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE homes AS (
    -- Each unit's home body: itself when it is a committee, member organisation or residential
    -- committee; its body's for standing boards and departments (walked down by parent_id).
    SELECT u.id AS unit_id, u.id AS home_id, u.kind AS home_kind, u.level_id AS home_level,
           u.parent_id AS home_parent, u.status AS home_status
      FROM unit u WHERE u.kind IN ('committee', 'member_organisation', 'residential_committee')
    UNION ALL
    SELECT c.id, h.home_id, h.home_kind, h.home_level, h.home_parent, h.home_status
      FROM unit c JOIN homes h ON c.parent_id = h.unit_id
     WHERE c.kind IN ('standing_board', 'department')
  ), home AS (
    -- Active staff in active units with an active home body; for province and commune committees,
    -- the province committee (itself, or the commune's parent).
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
CREATE OR REPLACE FUNCTION messaging_sync_hierarchy(p_units uuid[])
RETURNS TABLE (channels_changed integer, added integer, removed integer)
LANGUAGE plpgsql
-- It runs at commit, right after bulk changes, before statistics catch up: row estimates of 1 would
-- make nested loops over every (person, channel) pair. Hash joins are right at every size here.
SET enable_nestloop = off
AS $$
DECLARE
  v_scope uuid[] := messaging_channel_scope(p_units);
  v_changed uuid[];
  v_added integer;
  v_removed integer;
  v_channel uuid;
BEGIN
  -- One sync at a time: concurrent runs would race on the same inserts.
  PERFORM pg_advisory_xact_lock(hashtext('messaging.sync'));

  INSERT INTO channel (kind, unit_id, name)
  SELECT w.kind, w.unit_id, w.name FROM messaging_wanted_channels_in(v_scope) w
   WHERE NOT EXISTS (SELECT 1 FROM channel c WHERE c.kind = w.kind AND c.unit_id = w.unit_id);

  WITH x AS (
    SELECT c2.id, w.unit_id IS NOT NULL AS qualifies, w.name FROM channel c2
      LEFT JOIN messaging_wanted_channels_in(v_scope) w ON w.kind = c2.kind AND w.unit_id = c2.unit_id
     WHERE c2.unit_id IS NOT NULL AND (v_scope IS NULL OR c2.unit_id = ANY (v_scope)))
  UPDATE channel c
     SET archived_at = CASE WHEN x.qualifies THEN NULL ELSE coalesce(c.archived_at, now()) END,
         name = coalesce(x.name, c.name),
         updated_at = now()
    FROM x
   WHERE c.id = x.id
     AND (x.qualifies = (c.archived_at IS NOT NULL) OR c.name IS DISTINCT FROM coalesce(x.name, c.name));

  WITH d AS (SELECT * FROM messaging_desired_members_in(v_scope)),
  gone AS (
    DELETE FROM channel_member m
     USING channel c
     WHERE c.id = m.channel_id AND m.source = 'hierarchy' AND c.unit_id IS NOT NULL
       AND (v_scope IS NULL OR c.unit_id = ANY (v_scope))
       AND NOT EXISTS (SELECT 1 FROM d WHERE d.channel_id = m.channel_id AND d.staff_id = m.staff_id)
    RETURNING m.channel_id)
  SELECT count(*)::int, coalesce(array_agg(DISTINCT gone.channel_id), '{}') INTO v_removed, v_changed FROM gone;

  WITH joined AS (
    INSERT INTO channel_member (channel_id, staff_id, role, source, last_read_seq)
    SELECT d.channel_id, d.staff_id, 'member', 'hierarchy', c.last_message_seq
      FROM messaging_desired_members_in(v_scope) d JOIN channel c ON c.id = d.channel_id
    ON CONFLICT ON CONSTRAINT channel_member_channel_id_staff_id_pk DO NOTHING
    RETURNING channel_member.channel_id)
  SELECT count(*)::int, v_changed || coalesce(array_agg(DISTINCT joined.channel_id), '{}')
    INTO v_added, v_changed FROM joined;

  v_changed := ARRAY(SELECT DISTINCT unnest(v_changed));
  FOREACH v_channel IN ARRAY v_changed LOOP
    PERFORM mts_realtime_publish('channel:' || v_channel, '{"access": true}'::jsonb);
  END LOOP;
  RETURN QUERY SELECT cardinality(v_changed), v_added, v_removed;
END;
$$;
--> statement-breakpoint
DROP FUNCTION messaging_desired_members(uuid[]);
--> statement-breakpoint
DROP FUNCTION messaging_wanted_channels(uuid[]);
--> statement-breakpoint
DROP FUNCTION messaging_in_scope(uuid, uuid[]);
