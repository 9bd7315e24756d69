CREATE TABLE "document_signing" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"credential_id" uuid NOT NULL,
	"signer_id" uuid NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"request_id" text,
	"expires_at" timestamp with time zone,
	"file_id" uuid,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_check" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"storage_key" text NOT NULL,
	"verdict" text NOT NULL,
	"signature_count" integer NOT NULL,
	"report" jsonb NOT NULL,
	"trust_version" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_signing" ADD CONSTRAINT "document_signing_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing" ADD CONSTRAINT "document_signing_signer_id_staff_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing" ADD CONSTRAINT "document_signing_file_id_document_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."document_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_signing_document_idx" ON "document_signing" USING btree ("document_id","created_at");--> statement-breakpoint
CREATE INDEX "signature_check_key_idx" ON "signature_check" USING btree ("storage_key","checked_at");