DROP INDEX "staff_name_trgm";--> statement-breakpoint
DROP INDEX "unit_name_trgm";--> statement-breakpoint
ALTER TABLE "unit_event" ADD COLUMN "unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
CREATE INDEX "staff_search_trgm" ON "staff" USING gin (f_unaccent("full_name" || ' ' || "username" || ' ' || coalesce("email", '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "unit_search_trgm" ON "unit" USING gin (f_unaccent("name" || ' ' || coalesce("short_name", '') || ' ' || coalesce("code", '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "unit_event_unit_ids_gin" ON "unit_event" USING gin ("unit_ids");--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_code_format" CHECK ("unit"."code" ~ '^[0-9A-Z]+([.][0-9A-Z]+)*$' AND length("unit"."code") <= 35);