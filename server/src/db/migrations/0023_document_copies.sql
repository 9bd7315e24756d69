CREATE TABLE "document_copy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"register_id" uuid NOT NULL,
	"register_year" integer NOT NULL,
	"number" integer NOT NULL,
	"form" text NOT NULL,
	"symbol" text NOT NULL,
	"copy_date" date NOT NULL,
	"signer_full_name" text NOT NULL,
	"signer_position" text NOT NULL,
	"excerpt" text,
	"recipients" text,
	"source_copy_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_copy" ADD CONSTRAINT "document_copy_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copy" ADD CONSTRAINT "document_copy_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copy" ADD CONSTRAINT "document_copy_register_id_document_register_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."document_register"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copy" ADD CONSTRAINT "document_copy_source_copy_id_document_copy_id_fk" FOREIGN KEY ("source_copy_id") REFERENCES "public"."document_copy"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copy" ADD CONSTRAINT "document_copy_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copy" ADD CONSTRAINT "document_copy_number_fk" FOREIGN KEY ("register_id","register_year","number") REFERENCES "public"."register_number"("register_id","year","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_copy_document_idx" ON "document_copy" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_copy_number_unique" ON "document_copy" USING btree ("register_id","register_year","number");