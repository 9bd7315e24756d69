-- Extensions and text-search helpers used by every module.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS ltree;
--> statement-breakpoint
-- unaccent() is only STABLE (it depends on search_path); this wrapper pins the dictionary so it
-- can be used in expression indexes. đ/Đ are folded too: unaccent leaves them alone.
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN translate(public.unaccent('public.unaccent'::regdictionary, lower($1)), 'đ', 'd');
--> statement-breakpoint
-- Vietnamese full-text configuration: syllables are words, folded to lower case without marks.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vietnamese') THEN
    CREATE TEXT SEARCH CONFIGURATION vietnamese (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION vietnamese
      ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
      WITH unaccent, simple;
  END IF;
END $$;
