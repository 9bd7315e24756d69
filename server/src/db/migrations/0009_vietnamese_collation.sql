-- Vietnamese sort order for names ("Ă" after "A", "Đ" after "D", tones ordered), via ICU when the
-- server has it; otherwise byte order ("C") so queries using it still run.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'vietnamese') THEN
    IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'vi-VN-x-icu') THEN
      CREATE COLLATION vietnamese FROM "vi-VN-x-icu";
    ELSE
      CREATE COLLATION vietnamese FROM "C";
    END IF;
  END IF;
END $$;
