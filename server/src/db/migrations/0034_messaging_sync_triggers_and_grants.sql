-- Messaging: hierarchy channels follow the organisation tree (modules/messaging/sync.ts).
-- Any statement that changes units (placement, status, kind, level, name) or staff (unit, status)
-- notifies `messaging:org-changed` on the realtime channel; PostgreSQL delivers it on commit only
-- and folds identical notifications of one transaction into one, so a reorganisation or a bulk
-- import asks for one sync. The messaging module answers by queueing the `messaging.sync` job.
CREATE OR REPLACE FUNCTION messaging_org_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mts_realtime', '{"topic":"messaging:org-changed","data":{}}');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER unit_messaging_org_changed
  AFTER INSERT OR DELETE OR UPDATE OF parent_id, status, kind, level_id, name ON unit
  FOR EACH STATEMENT EXECUTE FUNCTION messaging_org_changed();
--> statement-breakpoint
CREATE TRIGGER staff_messaging_org_changed
  AFTER INSERT OR DELETE OR UPDATE OF unit_id, status ON staff
  FOR EACH STATEMENT EXECUTE FUNCTION messaging_org_changed();
--> statement-breakpoint
-- channels.moderate: leaders and administrators (who may only grant what they hold).
UPDATE role SET permissions = array_append(permissions, 'channels.moderate')
 WHERE id IN ('leader', 'unit_admin', 'system_admin') AND NOT ('channels.moderate' = ANY (permissions));
