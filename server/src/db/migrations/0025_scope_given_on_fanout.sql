-- Issuing to 3,355 units inserts 3,355 copies in one statement; the row trigger walking parent_id
-- for each copy cost ≈ 170–200 ms of it. The fan-out now computes every unit's ancestors once,
-- set-wise (a recursive walk of the tree), and passes them in; the trigger keeps computing them
-- for every other insert and for a change of unit_id. A given value is accepted only on INSERT and
-- only when it ends with the row's own unit (a cheap guard against a caller passing another unit's).
CREATE OR REPLACE FUNCTION document_set_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.scope_unit_ids IS NOT NULL
     AND NEW.scope_unit_ids[cardinality(NEW.scope_unit_ids)] = NEW.unit_id THEN
    RETURN NEW;
  END IF;
  NEW.scope_unit_ids := unit_scope_ids(NEW.unit_id);
  RETURN NEW;
END $$;
