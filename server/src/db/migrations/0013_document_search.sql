-- Text normalisation for document search (search.repository.ts). Both the stored search columns
-- and the queries go through the same functions, so they agree by construction.
--
-- f_vn_norm: Unicode NFC (composed letters: text pasted from Word or macOS may be decomposed),
-- lower case, and one tone placement. Vietnamese has two accepted placements for the rhymes
-- oa, oe, uy without a final consonant: old "hòa, khỏe, thủy" and new "hoà, khoẻ, thuỷ". The old
-- forms are mapped to the new ones; the new placement never produces the old letter pairs
-- ("òa", "ủy" …), so no other word changes. Marks are otherwise kept: this is the exact form.
CREATE OR REPLACE FUNCTION f_vn_norm(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN replace(replace(replace(replace(replace(
         replace(replace(replace(replace(replace(
         replace(replace(replace(replace(replace(
           lower(normalize($1, NFC)),
           'òa', 'oà'), 'óa', 'oá'), 'ỏa', 'oả'), 'õa', 'oã'), 'ọa', 'oạ'),
           'òe', 'oè'), 'óe', 'oé'), 'ỏe', 'oẻ'), 'õe', 'oẽ'), 'ọe', 'oẹ'),
           'ùy', 'uỳ'), 'úy', 'uý'), 'ủy', 'uỷ'), 'ũy', 'uỹ'), 'ụy', 'uỵ');
--> statement-breakpoint
-- f_vn_symbol: a document symbol (số/ký hiệu) as a search key: no marks, lower case, đ → d, no
-- spaces, no leading zeros in the number ("05/QĐ-MTTQ-BTT" and "5/qd-mttq-btt" are one key).
CREATE OR REPLACE FUNCTION f_vn_symbol(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace(f_unaccent(regexp_replace(normalize($1, NFC), '\s+', '', 'g')), '^0+([0-9])', '\1');
