-- A petition raised at a voter-contact session points at it (petition.session_id, declared in
-- petitions.schema.ts without a reference so the two schema files need not import each other).
-- The foreign key keeps the link honest; sessions are never deleted once a petition points at them
-- (the service refuses, and this constraint would too).
ALTER TABLE petition ADD CONSTRAINT petition_session_id_fk
  FOREIGN KEY (session_id) REFERENCES petition_session (id);
