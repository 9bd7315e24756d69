CREATE TABLE "directive" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sender_unit_id" uuid NOT NULL,
	"sender_staff_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"figure_label" text,
	"urgent" boolean DEFAULT false NOT NULL,
	"selector" jsonb NOT NULL,
	"remind_before_minutes" integer[] DEFAULT '{1440,120}'::integer[] NOT NULL,
	"recipient_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	CONSTRAINT "directive_title_length" CHECK (char_length("directive"."title") BETWEEN 1 AND 300),
	CONSTRAINT "directive_figure_label" CHECK (("directive"."action" = 'figure') = ("directive"."figure_label" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "directive_recipient" (
	"directive_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"seen_at" timestamp with time zone,
	"seen_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"on_time" boolean,
	"reported_at" timestamp with time zone,
	"reported_by" uuid,
	"report_text" text,
	"report_figure" numeric,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	CONSTRAINT "directive_recipient_directive_id_unit_id_pk" PRIMARY KEY("directive_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "directive" ADD CONSTRAINT "directive_sender_unit_id_unit_id_fk" FOREIGN KEY ("sender_unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive" ADD CONSTRAINT "directive_sender_staff_id_staff_id_fk" FOREIGN KEY ("sender_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive" ADD CONSTRAINT "directive_cancelled_by_staff_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_recipient" ADD CONSTRAINT "directive_recipient_directive_id_directive_id_fk" FOREIGN KEY ("directive_id") REFERENCES "public"."directive"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_recipient" ADD CONSTRAINT "directive_recipient_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_recipient" ADD CONSTRAINT "directive_recipient_seen_by_staff_id_fk" FOREIGN KEY ("seen_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_recipient" ADD CONSTRAINT "directive_recipient_acknowledged_by_staff_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_recipient" ADD CONSTRAINT "directive_recipient_reported_by_staff_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directive_sender_unit_idx" ON "directive" USING btree ("sender_unit_id","created_at");--> statement-breakpoint
CREATE INDEX "directive_recipient_board_idx" ON "directive_recipient" USING btree ("directive_id","status");--> statement-breakpoint
CREATE INDEX "directive_recipient_unit_idx" ON "directive_recipient" USING btree ("unit_id","directive_id");--> statement-breakpoint
CREATE INDEX "directive_recipient_pending_idx" ON "directive_recipient" USING btree ("directive_id") WHERE "directive_recipient"."status" IN ('sent', 'seen');