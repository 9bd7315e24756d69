CREATE TABLE "signature_image" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"staff_id" uuid,
	"unit_id" uuid,
	"png" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"diameter_mm" real,
	"sha256" text NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signature_image_owner" CHECK (("signature_image"."kind" = 'signature' AND "signature_image"."staff_id" IS NOT NULL AND "signature_image"."unit_id" IS NULL)
        OR ("signature_image"."kind" = 'seal' AND "signature_image"."unit_id" IS NOT NULL AND "signature_image"."staff_id" IS NULL AND "signature_image"."diameter_mm" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "signing_credential" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"staff_id" uuid,
	"unit_id" uuid,
	"label" text NOT NULL,
	"provider" text NOT NULL,
	"keystore" "bytea",
	"remote_provider" text,
	"remote_credential_id" text,
	"remote_account" text,
	"certificate" "bytea" NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"serial" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"fingerprint" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signing_credential_owner" CHECK (("signing_credential"."kind" = 'personal' AND "signing_credential"."staff_id" IS NOT NULL AND "signing_credential"."unit_id" IS NULL)
        OR ("signing_credential"."kind" = 'agency' AND "signing_credential"."unit_id" IS NOT NULL AND "signing_credential"."staff_id" IS NULL)),
	CONSTRAINT "signing_credential_provider" CHECK (("signing_credential"."provider" = 'local' AND "signing_credential"."keystore" IS NOT NULL)
        OR ("signing_credential"."provider" = 'remote' AND "signing_credential"."remote_provider" IS NOT NULL AND "signing_credential"."remote_credential_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "trust_anchor" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"certificate" "bytea" NOT NULL,
	"subject" text NOT NULL,
	"fingerprint" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"keystore" "bytea",
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "signature_image" ADD CONSTRAINT "signature_image_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_image" ADD CONSTRAINT "signature_image_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_image" ADD CONSTRAINT "signature_image_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_image" ADD CONSTRAINT "signature_image_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_credential" ADD CONSTRAINT "signing_credential_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_credential" ADD CONSTRAINT "signing_credential_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_credential" ADD CONSTRAINT "signing_credential_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_credential" ADD CONSTRAINT "signing_credential_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_anchor" ADD CONSTRAINT "trust_anchor_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "signature_image_staff_unique" ON "signature_image" USING btree ("staff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_image_unit_unique" ON "signature_image" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "signing_credential_staff_idx" ON "signing_credential" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "signing_credential_unit_idx" ON "signing_credential" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "signing_credential_fingerprint_idx" ON "signing_credential" USING btree ("fingerprint");--> statement-breakpoint
CREATE UNIQUE INDEX "trust_anchor_fingerprint_unique" ON "trust_anchor" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "trust_anchor_active_idx" ON "trust_anchor" USING btree ("active");