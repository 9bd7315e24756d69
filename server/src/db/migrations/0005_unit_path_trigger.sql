-- A unit's path is its parent's path plus its own node number, set on insert. Moves rewrite the
-- moved subtree's paths in the organisation service (one UPDATE ... WHERE path <@ old_path).
CREATE OR REPLACE FUNCTION unit_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE parent_path ltree;
BEGIN
  IF NEW.parent_id IS NULL THEN
    NEW.path := NEW.node::text::ltree;
  ELSE
    SELECT path INTO parent_path FROM unit WHERE id = NEW.parent_id;
    IF parent_path IS NULL THEN
      RAISE EXCEPTION 'parent unit % does not exist', NEW.parent_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    NEW.path := parent_path || NEW.node::text;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER unit_set_path BEFORE INSERT ON unit FOR EACH ROW EXECUTE FUNCTION unit_set_path();
