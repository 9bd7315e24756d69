CREATE TABLE "record_file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"index" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"retention_years" integer,
	"responsible_staff_id" uuid NOT NULL,
	"start_date" date,
	"end_date" date,
	"description" text,
	"status" text DEFAULT 'open' NOT NULL,
	"archive_due_date" date NOT NULL,
	"archive_due_is_override" boolean DEFAULT false NOT NULL,
	"archive_notice_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"transferred_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_file_retention_positive" CHECK ("record_file"."retention_years" IS NULL OR "record_file"."retention_years" > 0),
	CONSTRAINT "record_file_dates" CHECK ("record_file"."end_date" IS NULL OR "record_file"."start_date" IS NULL OR "record_file"."end_date" >= "record_file"."start_date")
);
--> statement-breakpoint
CREATE TABLE "record_file_document" (
	"file_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"doc_ordinal" integer NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_file_setting" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"code_template" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "record_file" ADD CONSTRAINT "record_file_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_file" ADD CONSTRAINT "record_file_responsible_staff_id_staff_id_fk" FOREIGN KEY ("responsible_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_file" ADD CONSTRAINT "record_file_closed_by_staff_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_file" ADD CONSTRAINT "record_file_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_file_document" ADD CONSTRAINT "record_file_document_file_id_record_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."record_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_file_document" ADD CONSTRAINT "record_file_document_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_file_document" ADD CONSTRAINT "record_file_document_added_by_staff_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_file_setting" ADD CONSTRAINT "record_file_setting_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "record_file_unit_code_unique" ON "record_file" USING btree ("unit_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "record_file_unit_year_index_unique" ON "record_file" USING btree ("unit_id","year","index");--> statement-breakpoint
CREATE INDEX "record_file_archive_due_idx" ON "record_file" USING btree ("archive_due_date") WHERE "record_file"."status" <> 'transferred';--> statement-breakpoint
CREATE UNIQUE INDEX "record_file_document_document_unique" ON "record_file_document" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "record_file_document_ordinal_unique" ON "record_file_document" USING btree ("file_id","doc_ordinal");