CREATE TABLE "petition_inbound_email" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" text NOT NULL,
	"petition_id" uuid NOT NULL,
	"envelope_from" text,
	"remote_address" text,
	"size" integer NOT NULL,
	"truncated" boolean DEFAULT false NOT NULL,
	"skipped" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "open311_api_key" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "open311_api_key_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "open311_submission" (
	"petition_id" uuid PRIMARY KEY NOT NULL,
	"api_key_id" uuid NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"media_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_code" text NOT NULL,
	"serial" bigint GENERATED ALWAYS AS IDENTITY (sequence name "petition_serial_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"unit_id" uuid NOT NULL,
	"subject_code" text NOT NULL,
	"competence_level" text DEFAULT 'commune' NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"folded" text DEFAULT '' NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"session_id" uuid,
	"term" text,
	"lat" double precision,
	"lng" double precision,
	"place" text,
	"addressed_to_id" uuid,
	"current_forward_id" uuid,
	"deadline_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"merged_into_id" uuid,
	"satisfied" boolean,
	"rated_at" timestamp with time zone,
	"reopen_reason" text,
	"reopened_at" timestamp with time zone,
	"hidden_at" timestamp with time zone,
	"hidden_reason" text,
	"public_title" text,
	"public_description" text,
	"redacted_at" timestamp with time zone,
	"is_public" boolean DEFAULT true NOT NULL,
	"reject_reason" text,
	"created_by_staff_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "petition_tracking_code_unique" UNIQUE("tracking_code"),
	CONSTRAINT "petition_serial_unique" UNIQUE("serial"),
	CONSTRAINT "petition_title_length" CHECK (char_length("petition"."title") BETWEEN 1 AND 300),
	CONSTRAINT "petition_description_length" CHECK (char_length("petition"."description") BETWEEN 1 AND 10000),
	CONSTRAINT "petition_lat" CHECK ("petition"."lat" IS NULL OR "petition"."lat" BETWEEN -90 AND 90),
	CONSTRAINT "petition_lng" CHECK ("petition"."lng" IS NULL OR "petition"."lng" BETWEEN -180 AND 180),
	CONSTRAINT "petition_location_pair" CHECK (("petition"."lat" IS NULL) = ("petition"."lng" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "petition_answer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid NOT NULL,
	"forward_id" uuid,
	"recipient_id" uuid,
	"document_id" uuid,
	"summary" text NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_by" uuid,
	"published_at" timestamp with time zone,
	"published_by" uuid
);
--> statement-breakpoint
CREATE TABLE "petition_deadline_rule" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"level" text,
	"channel" text,
	"forwarded_by" text,
	"days" integer NOT NULL,
	"working_days" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "petition_deadline_rule_days" CHECK ("petition_deadline_rule"."days" BETWEEN 1 AND 365)
);
--> statement-breakpoint
CREATE TABLE "petition_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "petition_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"petition_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"public_note" text,
	"internal_note" text,
	"actor_staff_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition_forward" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"state" text DEFAULT 'forwarded' NOT NULL,
	"forwarded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"forwarded_by" uuid,
	"deadline_at" timestamp with time zone NOT NULL,
	"deadline_rule" text NOT NULL,
	"note" text,
	"accepted_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"return_reason" text,
	"answered_at" timestamp with time zone,
	"acted_by" uuid,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	CONSTRAINT "petition_forward_return_reason" CHECK (("petition_forward"."state" <> 'returned') OR "petition_forward"."return_reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "petition_holiday" (
	"day" date PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition_media" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition_merge" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"primary_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"member_status" text NOT NULL,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"merged_by" uuid,
	"undone_at" timestamp with time zone,
	"undone_by" uuid
);
--> statement-breakpoint
CREATE TABLE "petition_person" (
	"petition_id" uuid PRIMARY KEY NOT NULL,
	"name" text,
	"phone" text,
	"email" text,
	"address" text,
	"consent_at" timestamp with time zone,
	"notify_by_email" boolean DEFAULT false NOT NULL,
	"anonymised_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "petition_recipient" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"delegate_body" text,
	"term" text,
	"constituency" text,
	"email" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "petition_recipient_delegate" CHECK (("petition_recipient"."kind" = 'delegate') = ("petition_recipient"."delegate_body" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "petition_recipient_member" (
	"recipient_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	CONSTRAINT "petition_recipient_member_recipient_id_staff_id_pk" PRIMARY KEY("recipient_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "petition_subject" (
	"code" text PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"group_vi" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition_form_nonce" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition_rating" (
	"petition_id" uuid NOT NULL,
	"answer_id" uuid NOT NULL,
	"satisfied" boolean NOT NULL,
	"comment" text,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "petition_rating_petition_id_answer_id_pk" PRIMARY KEY("petition_id","answer_id"),
	CONSTRAINT "petition_rating_comment_length" CHECK (char_length("petition_rating"."comment") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "petition_session" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"title" text NOT NULL,
	"level" text NOT NULL,
	"mode" text NOT NULL,
	"place" text,
	"online_url" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"term" text,
	"assembly_session" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"notified_at" timestamp with time zone,
	"notified_by" uuid,
	"notice_late" boolean,
	"voter_count" integer,
	"attendance_at" timestamp with time zone,
	"minutes_summary" text,
	"minutes_opinions" text,
	"minutes_responses" text,
	"minutes_at" timestamp with time zone,
	"minutes_by" uuid,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "petition_session_title_length" CHECK (char_length("petition_session"."title") BETWEEN 1 AND 300),
	CONSTRAINT "petition_session_times" CHECK ("petition_session"."ends_at" > "petition_session"."starts_at"),
	CONSTRAINT "petition_session_where" CHECK (("petition_session"."mode" = 'online' OR "petition_session"."place" IS NOT NULL) AND ("petition_session"."mode" = 'onsite' OR "petition_session"."online_url" IS NOT NULL)),
	CONSTRAINT "petition_session_voter_count" CHECK ("petition_session"."voter_count" IS NULL OR "petition_session"."voter_count" >= 0),
	CONSTRAINT "petition_session_cancel_reason" CHECK (("petition_session"."status" = 'cancelled') = ("petition_session"."cancel_reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "petition_session_attendee" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"name" text NOT NULL,
	"note" text,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition_session_delegate" (
	"session_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"present" boolean,
	CONSTRAINT "petition_session_delegate_session_id_recipient_id_pk" PRIMARY KEY("session_id","recipient_id")
);
--> statement-breakpoint
CREATE TABLE "petition_session_invitee" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"unit_id" uuid,
	"staff_id" uuid,
	"recipient_id" uuid,
	"name" text,
	"organisation" text,
	"email" text,
	"invited_at" timestamp with time zone,
	CONSTRAINT "petition_session_invitee_kind" CHECK (("petition_session_invitee"."kind" = 'unit') = ("petition_session_invitee"."unit_id" IS NOT NULL) AND ("petition_session_invitee"."kind" = 'staff') = ("petition_session_invitee"."staff_id" IS NOT NULL)
        AND ("petition_session_invitee"."kind" = 'recipient') = ("petition_session_invitee"."recipient_id" IS NOT NULL) AND ("petition_session_invitee"."kind" <> 'person' OR "petition_session_invitee"."name" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "petition_inbound_email" ADD CONSTRAINT "petition_inbound_email_petition_id_petition_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_api_key" ADD CONSTRAINT "open311_api_key_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_api_key" ADD CONSTRAINT "open311_api_key_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_submission" ADD CONSTRAINT "open311_submission_petition_id_petition_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_submission" ADD CONSTRAINT "open311_submission_api_key_id_open311_api_key_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."open311_api_key"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition" ADD CONSTRAINT "petition_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition" ADD CONSTRAINT "petition_subject_code_petition_subject_code_fk" FOREIGN KEY ("subject_code") REFERENCES "public"."petition_subject"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition" ADD CONSTRAINT "petition_addressed_to_id_petition_recipient_id_fk" FOREIGN KEY ("addressed_to_id") REFERENCES "public"."petition_recipient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition" ADD CONSTRAINT "petition_merged_into_id_petition_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition" ADD CONSTRAINT "petition_created_by_staff_id_staff_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_answer" ADD CONSTRAINT "petition_answer_petition_id_petition_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_answer" ADD CONSTRAINT "petition_answer_forward_id_petition_forward_id_fk" FOREIGN KEY ("forward_id") REFERENCES "public"."petition_forward"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_answer" ADD CONSTRAINT "petition_answer_recipient_id_petition_recipient_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."petition_recipient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_answer" ADD CONSTRAINT "petition_answer_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_answer" ADD CONSTRAINT "petition_answer_answered_by_staff_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_answer" ADD CONSTRAINT "petition_answer_published_by_staff_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_event" ADD CONSTRAINT "petition_event_petition_id_petition_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_event" ADD CONSTRAINT "petition_event_actor_staff_id_staff_id_fk" FOREIGN KEY ("actor_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_forward" ADD CONSTRAINT "petition_forward_petition_id_petition_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_forward" ADD CONSTRAINT "petition_forward_recipient_id_petition_recipient_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."petition_recipient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_forward" ADD CONSTRAINT "petition_forward_forwarded_by_staff_id_fk" FOREIGN KEY ("forwarded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_forward" ADD CONSTRAINT "petition_forward_acted_by_staff_id_fk" FOREIGN KEY ("acted_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_media" ADD CONSTRAINT "petition_media_petition_id_petition_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_merge" ADD CONSTRAINT "petition_merge_primary_id_petition_id_fk" FOREIGN KEY ("primary_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_merge" ADD CONSTRAINT "petition_merge_member_id_petition_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_merge" ADD CONSTRAINT "petition_merge_merged_by_staff_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_merge" ADD CONSTRAINT "petition_merge_undone_by_staff_id_fk" FOREIGN KEY ("undone_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_person" ADD CONSTRAINT "petition_person_petition_id_petition_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_recipient" ADD CONSTRAINT "petition_recipient_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_recipient_member" ADD CONSTRAINT "petition_recipient_member_recipient_id_petition_recipient_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."petition_recipient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_recipient_member" ADD CONSTRAINT "petition_recipient_member_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_rating" ADD CONSTRAINT "petition_rating_petition_id_petition_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_rating" ADD CONSTRAINT "petition_rating_answer_id_petition_answer_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."petition_answer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session" ADD CONSTRAINT "petition_session_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session" ADD CONSTRAINT "petition_session_notified_by_staff_id_fk" FOREIGN KEY ("notified_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session" ADD CONSTRAINT "petition_session_minutes_by_staff_id_fk" FOREIGN KEY ("minutes_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session" ADD CONSTRAINT "petition_session_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session_attendee" ADD CONSTRAINT "petition_session_attendee_session_id_petition_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."petition_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session_delegate" ADD CONSTRAINT "petition_session_delegate_session_id_petition_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."petition_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session_delegate" ADD CONSTRAINT "petition_session_delegate_recipient_id_petition_recipient_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."petition_recipient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session_invitee" ADD CONSTRAINT "petition_session_invitee_session_id_petition_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."petition_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session_invitee" ADD CONSTRAINT "petition_session_invitee_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session_invitee" ADD CONSTRAINT "petition_session_invitee_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_session_invitee" ADD CONSTRAINT "petition_session_invitee_recipient_id_petition_recipient_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."petition_recipient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "petition_inbound_email_message_idx" ON "petition_inbound_email" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "petition_inbound_email_petition_idx" ON "petition_inbound_email" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "open311_api_key_unit_idx" ON "open311_api_key" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "open311_submission_key_idx" ON "open311_submission" USING btree ("api_key_id","created_at");--> statement-breakpoint
CREATE INDEX "petition_unit_idx" ON "petition" USING btree ("unit_id","received_at");--> statement-breakpoint
CREATE INDEX "petition_status_idx" ON "petition" USING btree ("status","deadline_at");--> statement-breakpoint
CREATE INDEX "petition_subject_idx" ON "petition" USING btree ("subject_code","unit_id");--> statement-breakpoint
CREATE INDEX "petition_session_idx" ON "petition" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "petition_merged_into_idx" ON "petition" USING btree ("merged_into_id");--> statement-breakpoint
CREATE INDEX "petition_updated_idx" ON "petition" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "petition_located_idx" ON "petition" USING btree ("received_at") WHERE "petition"."lat" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "petition_received_idx" ON "petition" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "petition_closed_idx" ON "petition" USING btree ("closed_at") WHERE "petition"."closed_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "petition_folded_trgm_idx" ON "petition" USING gin ("folded" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "petition_answer_petition_idx" ON "petition_answer" USING btree ("petition_id","answered_at");--> statement-breakpoint
CREATE INDEX "petition_answer_forward_idx" ON "petition_answer" USING btree ("forward_id");--> statement-breakpoint
CREATE INDEX "petition_answer_published_idx" ON "petition_answer" USING btree ("published_at") WHERE "petition_answer"."published_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "petition_event_petition_idx" ON "petition_event" USING btree ("petition_id","id");--> statement-breakpoint
CREATE INDEX "petition_event_at_idx" ON "petition_event" USING btree ("at");--> statement-breakpoint
CREATE INDEX "petition_forward_petition_idx" ON "petition_forward" USING btree ("petition_id","forwarded_at");--> statement-breakpoint
CREATE INDEX "petition_forward_recipient_idx" ON "petition_forward" USING btree ("recipient_id","state","deadline_at");--> statement-breakpoint
CREATE INDEX "petition_forward_forwarded_at_idx" ON "petition_forward" USING btree ("forwarded_at");--> statement-breakpoint
CREATE INDEX "petition_forward_open_deadline_idx" ON "petition_forward" USING btree ("deadline_at") WHERE "petition_forward"."state" IN ('forwarded', 'accepted');--> statement-breakpoint
CREATE INDEX "petition_media_petition_idx" ON "petition_media" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "petition_merge_primary_idx" ON "petition_merge" USING btree ("primary_id");--> statement-breakpoint
CREATE UNIQUE INDEX "petition_merge_member_active" ON "petition_merge" USING btree ("member_id") WHERE "petition_merge"."undone_at" IS NULL;--> statement-breakpoint
CREATE INDEX "petition_recipient_unit_idx" ON "petition_recipient" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "petition_recipient_member_staff_idx" ON "petition_recipient_member" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "petition_form_nonce_expires_idx" ON "petition_form_nonce" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "petition_rating_answer_idx" ON "petition_rating" USING btree ("answer_id");--> statement-breakpoint
CREATE INDEX "petition_session_unit_idx" ON "petition_session" USING btree ("unit_id","starts_at");--> statement-breakpoint
CREATE INDEX "petition_session_starts_idx" ON "petition_session" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "petition_session_attendee_session_idx" ON "petition_session_attendee" USING btree ("session_id","position");--> statement-breakpoint
CREATE INDEX "petition_session_delegate_recipient_idx" ON "petition_session_delegate" USING btree ("recipient_id");--> statement-breakpoint
CREATE INDEX "petition_session_invitee_session_idx" ON "petition_session_invitee" USING btree ("session_id");