CREATE TABLE "portal_article" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"category_id" uuid,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body_html" text DEFAULT '' NOT NULL,
	"cover_media_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"folded" text DEFAULT '' NOT NULL,
	"author_id" uuid,
	"reviewed_by" uuid,
	"approved_by" uuid,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_article_site_slug" UNIQUE("site_id","slug"),
	CONSTRAINT "portal_article_slug_format" CHECK ("portal_article"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "portal_article_scheduled_has_time" CHECK ("portal_article"."status" <> 'scheduled' OR "portal_article"."scheduled_at" IS NOT NULL),
	CONSTRAINT "portal_article_published_has_time" CHECK ("portal_article"."status" <> 'published' OR "portal_article"."published_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "portal_article_revision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body_html" text NOT NULL,
	"editor_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_article_tag" (
	"article_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	CONSTRAINT "portal_article_tag_article_id_tag_id_pk" PRIMARY KEY("article_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "portal_category" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_category_site_slug" UNIQUE("site_id","slug"),
	CONSTRAINT "portal_category_slug_format" CHECK ("portal_category"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "portal_media" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"storage_key" text,
	"file_name" text DEFAULT '' NOT NULL,
	"content_type" text,
	"size" bigint,
	"width" integer,
	"height" integer,
	"variants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"embed_url" text,
	"alt" text DEFAULT '' NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"folded" text DEFAULT '' NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_site" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"host" text,
	"name" text NOT NULL,
	"tagline" text DEFAULT '' NOT NULL,
	"emblem_media_id" uuid,
	"menu" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contact" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"aggregate_children" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_site_unit_id_unique" UNIQUE("unit_id"),
	CONSTRAINT "portal_site_slug_unique" UNIQUE("slug"),
	CONSTRAINT "portal_site_host_unique" UNIQUE("host"),
	CONSTRAINT "portal_site_slug_format" CHECK ("portal_site"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "portal_tag" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_tag_site_slug" UNIQUE("site_id","slug"),
	CONSTRAINT "portal_tag_slug_format" CHECK ("portal_tag"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
ALTER TABLE "portal_article" ADD CONSTRAINT "portal_article_site_id_portal_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."portal_site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article" ADD CONSTRAINT "portal_article_category_id_portal_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."portal_category"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article" ADD CONSTRAINT "portal_article_cover_media_id_portal_media_id_fk" FOREIGN KEY ("cover_media_id") REFERENCES "public"."portal_media"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article" ADD CONSTRAINT "portal_article_author_id_staff_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article" ADD CONSTRAINT "portal_article_reviewed_by_staff_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article" ADD CONSTRAINT "portal_article_approved_by_staff_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article" ADD CONSTRAINT "portal_article_published_by_staff_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_revision" ADD CONSTRAINT "portal_article_revision_article_id_portal_article_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_article"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_revision" ADD CONSTRAINT "portal_article_revision_editor_id_staff_id_fk" FOREIGN KEY ("editor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_tag" ADD CONSTRAINT "portal_article_tag_article_id_portal_article_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_article"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_tag" ADD CONSTRAINT "portal_article_tag_tag_id_portal_tag_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."portal_tag"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_category" ADD CONSTRAINT "portal_category_site_id_portal_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."portal_site"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_media" ADD CONSTRAINT "portal_media_site_id_portal_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."portal_site"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_media" ADD CONSTRAINT "portal_media_uploaded_by_staff_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_site" ADD CONSTRAINT "portal_site_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_tag" ADD CONSTRAINT "portal_tag_site_id_portal_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."portal_site"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_article_site_published_idx" ON "portal_article" USING btree ("site_id","published_at" DESC NULLS LAST) WHERE "portal_article"."status" = 'published';--> statement-breakpoint
CREATE INDEX "portal_article_category_published_idx" ON "portal_article" USING btree ("category_id","published_at" DESC NULLS LAST) WHERE "portal_article"."status" = 'published';--> statement-breakpoint
CREATE INDEX "portal_article_scheduled_idx" ON "portal_article" USING btree ("scheduled_at") WHERE "portal_article"."status" = 'scheduled';--> statement-breakpoint
CREATE INDEX "portal_article_site_status_idx" ON "portal_article" USING btree ("site_id","status","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "portal_article_folded_trgm_idx" ON "portal_article" USING gin ("folded" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "portal_article_revision_version" ON "portal_article_revision" USING btree ("article_id","version");--> statement-breakpoint
CREATE INDEX "portal_article_tag_tag_idx" ON "portal_article_tag" USING btree ("tag_id");--> statement-breakpoint
CREATE INDEX "portal_media_site_idx" ON "portal_media" USING btree ("site_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "portal_media_folded_trgm_idx" ON "portal_media" USING gin ("folded" gin_trgm_ops);