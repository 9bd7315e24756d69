-- The one way to publish a realtime message, from application code (`publish()`) and triggers alike:
-- PostgreSQL transport → pg_notify on mts_realtime (delivered on commit); NATS transport → a row in
-- realtime_outbox plus a wake-up for the relays (the row exists only if the transaction commits).
INSERT INTO realtime_transport (singleton, use_outbox) VALUES (true, false) ON CONFLICT DO NOTHING;
--> statement-breakpoint
ALTER TABLE realtime_transport ADD CONSTRAINT realtime_transport_one_row CHECK (singleton);
--> statement-breakpoint
CREATE FUNCTION mts_realtime_publish(p_topic text, p_data jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT use_outbox FROM realtime_transport WHERE singleton) THEN
    INSERT INTO realtime_outbox (topic, data) VALUES (p_topic, p_data);
    PERFORM pg_notify('mts_realtime_outbox', '');
  ELSE
    PERFORM pg_notify('mts_realtime', json_build_object('topic', p_topic, 'data', p_data)::text);
  END IF;
END;
$$;
--> statement-breakpoint
-- Migration 0026's trigger publishes through the function, so it follows the transport too.
CREATE OR REPLACE FUNCTION document_recipient_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
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
    PERFORM mts_realtime_publish('document:' || changed.document_id, jsonb_build_object(
      'documentId', changed.document_id, 'statusCodes', coalesce(to_jsonb(changed.codes), '[]'::jsonb)
    ));
  END LOOP;
  RETURN NULL;
END;
$$;
