CREATE TABLE "document" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"register_id" uuid,
	"register_year" integer,
	"type_id" uuid,
	"type_name" text,
	"code_number" text,
	"code_notation" text,
	"issued_date" date,
	"organ_name" text,
	"organ_id" text,
	"subject" text NOT NULL,
	"description" text,
	"language" text DEFAULT 'vi' NOT NULL,
	"page_amount" integer,
	"signer_position" text,
	"signer_full_name" text,
	"priority" text DEFAULT 'normal' NOT NULL,
	"secrecy" text DEFAULT 'normal' NOT NULL,
	"due_date" date,
	"issued_amount" integer,
	"arrival_number" integer,
	"arrival_date" timestamp with time zone,
	"document_identifier" text,
	"signature_status" text DEFAULT 'not_checked' NOT NULL,
	"body_text" text,
	"source_document_id" uuid,
	"related_document_id" uuid,
	"relation" text,
	"return_reason" text,
	"recall_reason" text,
	"created_by" uuid,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('vietnamese'::regconfig, coalesce("document"."subject", '') || ' ' || coalesce("document"."code_number", '') || '/' || coalesce("document"."code_notation", '') || ' ' || coalesce("document"."organ_name", '') || ' ' || coalesce("document"."body_text", ''))) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_subject_length" CHECK (char_length("document"."subject") BETWEEN 1 AND 500)
);
--> statement-breakpoint
CREATE TABLE "document_assignment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"role" text NOT NULL,
	"assignee_unit_id" uuid NOT NULL,
	"assignee_staff_id" uuid,
	"deadline" date NOT NULL,
	"direction" text,
	"status" text DEFAULT 'assigned' NOT NULL,
	"reply_reference" text,
	"result" text,
	"assigned_by" uuid,
	"accepted_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_comment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"assignment_id" uuid,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"role" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"storage_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"page_count" integer,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_recipient" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"recipient_unit_id" uuid,
	"organ_name" text NOT NULL,
	"organ_id" text,
	"incoming_document_id" uuid,
	"status_code" text,
	"status_reason" text,
	"status_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "document_register" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"advisory_body" text,
	"symbol_template" text DEFAULT '{n}/{type}-{unit}' NOT NULL,
	"symbol_template_no_type" text DEFAULT '{n}/{unit}' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_status_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_type" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid,
	"code" text,
	"name" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_upload" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"page_count" integer,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"staff_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"document_id" uuid,
	"is_urgent" boolean DEFAULT false NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_counter" (
	"register_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "register_counter_register_id_year_pk" PRIMARY KEY("register_id","year")
);
--> statement-breakpoint
CREATE TABLE "register_number" (
	"register_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"document_id" uuid,
	"note" text,
	"taken_by" uuid,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "register_number_register_id_year_number_pk" PRIMARY KEY("register_id","year","number"),
	CONSTRAINT "register_number_positive" CHECK ("register_number"."number" > 0)
);
--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_register_id_document_register_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."document_register"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_type_id_document_type_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."document_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_related_document_id_document_id_fk" FOREIGN KEY ("related_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_assignment" ADD CONSTRAINT "document_assignment_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_assignment" ADD CONSTRAINT "document_assignment_assignee_unit_id_unit_id_fk" FOREIGN KEY ("assignee_unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_assignment" ADD CONSTRAINT "document_assignment_assignee_staff_id_staff_id_fk" FOREIGN KEY ("assignee_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_assignment" ADD CONSTRAINT "document_assignment_assigned_by_staff_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comment" ADD CONSTRAINT "document_comment_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comment" ADD CONSTRAINT "document_comment_assignment_id_document_assignment_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."document_assignment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comment" ADD CONSTRAINT "document_comment_author_id_staff_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_file" ADD CONSTRAINT "document_file_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_file" ADD CONSTRAINT "document_file_uploaded_by_staff_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_recipient" ADD CONSTRAINT "document_recipient_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_recipient" ADD CONSTRAINT "document_recipient_recipient_unit_id_unit_id_fk" FOREIGN KEY ("recipient_unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_recipient" ADD CONSTRAINT "document_recipient_incoming_document_id_document_id_fk" FOREIGN KEY ("incoming_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_register" ADD CONSTRAINT "document_register_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_status_event" ADD CONSTRAINT "document_status_event_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_status_event" ADD CONSTRAINT "document_status_event_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_type" ADD CONSTRAINT "document_type_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_upload" ADD CONSTRAINT "document_upload_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_upload" ADD CONSTRAINT "document_upload_uploaded_by_staff_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_counter" ADD CONSTRAINT "register_counter_register_id_document_register_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."document_register"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_number" ADD CONSTRAINT "register_number_register_id_document_register_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."document_register"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_number" ADD CONSTRAINT "register_number_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_number" ADD CONSTRAINT "register_number_taken_by_staff_id_fk" FOREIGN KEY ("taken_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_unit_direction_idx" ON "document" USING btree ("unit_id","direction","status");--> statement-breakpoint
CREATE INDEX "document_search_idx" ON "document" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "document_code_idx" ON "document" USING btree ("code_number","code_notation","organ_name");--> statement-breakpoint
CREATE INDEX "document_identifier_idx" ON "document" USING btree ("document_identifier");--> statement-breakpoint
CREATE INDEX "document_source_idx" ON "document" USING btree ("source_document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_arrival_number_unique" ON "document" USING btree ("register_id","register_year","arrival_number") WHERE "document"."arrival_number" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "document_code_number_unique" ON "document" USING btree ("register_id","register_year","code_number") WHERE "document"."direction" = 'outgoing' AND "document"."code_number" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "document_assignment_document_idx" ON "document_assignment" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "document_assignment_open_idx" ON "document_assignment" USING btree ("deadline") WHERE "document_assignment"."status" <> 'done';--> statement-breakpoint
CREATE INDEX "document_assignment_staff_idx" ON "document_assignment" USING btree ("assignee_staff_id");--> statement-breakpoint
CREATE INDEX "document_comment_document_idx" ON "document_comment" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "document_file_document_idx" ON "document_file" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "document_file_key_idx" ON "document_file" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "document_recipient_document_idx" ON "document_recipient" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_recipient_unit_unique" ON "document_recipient" USING btree ("document_id","recipient_unit_id") WHERE "document_recipient"."recipient_unit_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "document_recipient_incoming_idx" ON "document_recipient" USING btree ("incoming_document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_register_unit_name_unique" ON "document_register" USING btree ("unit_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "document_register_default_unique" ON "document_register" USING btree ("unit_id","kind") WHERE "document_register"."is_default";--> statement-breakpoint
CREATE INDEX "document_status_event_document_idx" ON "document_status_event" USING btree ("document_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "document_type_unit_name_unique" ON "document_type" USING btree (coalesce("unit_id", '00000000-0000-0000-0000-000000000000'::uuid),"name");--> statement-breakpoint
CREATE INDEX "document_upload_key_idx" ON "document_upload" USING btree ("unit_id","storage_key");--> statement-breakpoint
CREATE INDEX "notification_staff_idx" ON "notification" USING btree ("staff_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_unit_idx" ON "notification" USING btree ("unit_id","created_at");