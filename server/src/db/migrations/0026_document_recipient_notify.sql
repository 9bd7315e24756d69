-- Live recipient status for the sender: every statement that changes document_recipient statuses
-- sends ONE notification per outgoing document on the realtime channel (delivered on commit only;
-- a rolled-back change sends nothing). Payload: the document id and the new status codes — no
-- personal data. A fan-out updating 3,355 rows of one document gives one notification.
CREATE FUNCTION document_recipient_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed record;
BEGIN
  FOR changed IN
    SELECT n.document_id, array_agg(DISTINCT n.status_code) FILTER (WHERE n.status_code IS NOT NULL) AS codes
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.status_code IS DISTINCT FROM o.status_code
       OR n.status_reason IS DISTINCT FROM o.status_reason
       OR n.incoming_document_id IS DISTINCT FROM o.incoming_document_id
    GROUP BY n.document_id
  LOOP
    PERFORM pg_notify('mts_realtime', json_build_object(
      'topic', 'document:' || changed.document_id,
      'data', json_build_object('documentId', changed.document_id, 'statusCodes', coalesce(to_json(changed.codes), '[]'::json))
    )::text);
  END LOOP;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER document_recipient_notify AFTER UPDATE ON document_recipient
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION document_recipient_notify();
