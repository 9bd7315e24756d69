DROP INDEX "document_symbol_key_unit_idx";--> statement-breakpoint
CREATE INDEX "document_unit_symbol_key_idx" ON "document" USING btree ("unit_id","symbol_key" text_pattern_ops);