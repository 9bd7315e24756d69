CREATE TABLE "ocr_result" (
	"storage_key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"page" integer DEFAULT 0 NOT NULL,
	"pages" integer,
	"text" text,
	"confidence" real,
	"searchable_pdf_key" text,
	"error" jsonb,
	"on_done_queues" text[] DEFAULT '{}'::text[] NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ocr_result_status_check" CHECK ("ocr_result"."status" in ('queued', 'running', 'done', 'failed', 'unavailable')),
	CONSTRAINT "ocr_result_kind_check" CHECK ("ocr_result"."kind" in ('pdf', 'image'))
);
