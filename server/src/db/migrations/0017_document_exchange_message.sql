CREATE TABLE "document_exchange_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"recipient_id" uuid,
	"kind" text NOT NULL,
	"organ_id" text NOT NULL,
	"peer" text,
	"edxml_document_id" text NOT NULL,
	"business_type" integer DEFAULT 0 NOT NULL,
	"business_reason" text,
	"related_document_id" uuid,
	"status_code" text,
	"signature" text,
	"content" text,
	"delivery" text NOT NULL,
	"delivery_detail" text,
	"receipt_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_exchange_message_business_type" CHECK ("document_exchange_message"."business_type" BETWEEN 0 AND 3)
);
--> statement-breakpoint
ALTER TABLE "document_exchange_message" ADD CONSTRAINT "document_exchange_message_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_exchange_message" ADD CONSTRAINT "document_exchange_message_recipient_id_document_recipient_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."document_recipient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_exchange_message" ADD CONSTRAINT "document_exchange_message_related_document_id_document_id_fk" FOREIGN KEY ("related_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_exchange_message_document_idx" ON "document_exchange_message" USING btree ("document_id","created_at");--> statement-breakpoint
CREATE INDEX "document_exchange_message_recipient_idx" ON "document_exchange_message" USING btree ("recipient_id");