DROP INDEX "document_symbol_key_idx";--> statement-breakpoint
CREATE INDEX "document_symbol_key_unit_idx" ON "document" USING btree ("symbol_key" text_pattern_ops,"unit_id");