CREATE TABLE "portal_bulletin" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"title" text NOT NULL,
	"article_ids" uuid[] NOT NULL,
	"script" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"audio_key" text,
	"audio_format" text,
	"audio_bytes" bigint,
	"duration_seconds" integer,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"produced_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "portal_channel" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"account_id" text NOT NULL,
	"account_name" text DEFAULT '' NOT NULL,
	"token_sealed" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_channel_site_kind" UNIQUE("site_id","kind")
);
--> statement-breakpoint
CREATE TABLE "portal_crosspost" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"article_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now(),
	"external_id" text,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_crosspost_article_channel" UNIQUE("article_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "portal_view_daily" (
	"site_id" uuid NOT NULL,
	"day" date NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"article_id" uuid,
	"views" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "portal_view_daily_site_id_day_dimension_value_pk" PRIMARY KEY("site_id","day","dimension","value")
);
--> statement-breakpoint
CREATE TABLE "portal_view_salt" (
	"day" date PRIMARY KEY NOT NULL,
	"salt" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_visitor_daily" (
	"site_id" uuid NOT NULL,
	"day" date NOT NULL,
	"visitor" "bytea" NOT NULL,
	CONSTRAINT "portal_visitor_daily_site_id_day_visitor_pk" PRIMARY KEY("site_id","day","visitor")
);
--> statement-breakpoint
ALTER TABLE "portal_bulletin" ADD CONSTRAINT "portal_bulletin_site_id_portal_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."portal_site"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_bulletin" ADD CONSTRAINT "portal_bulletin_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_channel" ADD CONSTRAINT "portal_channel_site_id_portal_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."portal_site"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_channel" ADD CONSTRAINT "portal_channel_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_crosspost" ADD CONSTRAINT "portal_crosspost_article_id_portal_article_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_article"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_crosspost" ADD CONSTRAINT "portal_crosspost_channel_id_portal_channel_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."portal_channel"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_view_daily" ADD CONSTRAINT "portal_view_daily_site_id_portal_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."portal_site"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_view_daily" ADD CONSTRAINT "portal_view_daily_article_id_portal_article_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_article"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_visitor_daily" ADD CONSTRAINT "portal_visitor_daily_site_id_portal_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."portal_site"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_bulletin_site_idx" ON "portal_bulletin" USING btree ("site_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "portal_crosspost_due_idx" ON "portal_crosspost" USING btree ("next_attempt_at") WHERE "portal_crosspost"."status" IN ('queued', 'retrying');--> statement-breakpoint
CREATE INDEX "portal_view_daily_article_idx" ON "portal_view_daily" USING btree ("article_id","day") WHERE "portal_view_daily"."article_id" IS NOT NULL;