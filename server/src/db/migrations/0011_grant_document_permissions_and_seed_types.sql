-- Official documents: grant the document permissions to the system roles (appended in order).
-- leader (lãnh đạo): reads, directs incoming, reviews content, approves outgoing, drafts, processes.
-- clerk (văn thư): reads, registers incoming, format check, numbers and issues, keeps registers.
-- specialist (chuyên viên): reads, drafts, processes assignments.
-- unit_admin / system_admin: every document permission — an administrator may only grant what
-- they hold (the identity module's non-escalation rule), and they assign the roles above.
CREATE FUNCTION pg_temp.grant_permissions(role_ids text[], granted text[]) RETURNS void LANGUAGE sql AS $$
  UPDATE role SET permissions = permissions || ARRAY(
    SELECT p FROM unnest(granted) WITH ORDINALITY AS g(p, i) WHERE NOT (p = ANY (role.permissions)) ORDER BY i)
   WHERE id = ANY (role_ids);
$$;
--> statement-breakpoint
SELECT pg_temp.grant_permissions(ARRAY['leader'], ARRAY[
  'documents.read','documents.direct','documents.review','documents.approve','documents.draft','documents.process']);
--> statement-breakpoint
SELECT pg_temp.grant_permissions(ARRAY['clerk'], ARRAY[
  'documents.read','documents.register','documents.issue','documents.draft','documents.configure']);
--> statement-breakpoint
SELECT pg_temp.grant_permissions(ARRAY['specialist'], ARRAY['documents.read','documents.draft','documents.process']);
--> statement-breakpoint
SELECT pg_temp.grant_permissions(ARRAY['unit_admin','system_admin'], ARRAY[
  'documents.read','documents.register','documents.direct','documents.process','documents.draft',
  'documents.review','documents.approve','documents.issue','documents.configure']);
--> statement-breakpoint
-- The system catalogue of document types: Decree 30/2020/NĐ-CP Appendix III, then the Front's own.
-- Công văn has no code (its symbol is <unit> alone); Front practice also uses CV.
INSERT INTO document_type (code, name, sort_order) VALUES
  ('NQ', 'Nghị quyết', 10), ('QĐ', 'Quyết định', 20), ('CT', 'Chỉ thị', 30), ('QC', 'Quy chế', 40),
  ('QyĐ', 'Quy định', 50), ('TC', 'Thông cáo', 60), ('TB', 'Thông báo', 70), ('HD', 'Hướng dẫn', 80),
  ('CTr', 'Chương trình', 90), ('KH', 'Kế hoạch', 100), ('PA', 'Phương án', 110), ('ĐA', 'Đề án', 120),
  ('DA', 'Dự án', 130), ('BC', 'Báo cáo', 140), ('BB', 'Biên bản', 150), ('TTr', 'Tờ trình', 160),
  ('HĐ', 'Hợp đồng', 170), ('CĐ', 'Công điện', 180), ('BGN', 'Bản ghi nhớ', 190), ('BTT', 'Bản thỏa thuận', 200),
  ('GUQ', 'Giấy ủy quyền', 210), ('GM', 'Giấy mời', 220), ('GGT', 'Giấy giới thiệu', 230),
  ('GNP', 'Giấy nghỉ phép', 240), ('PG', 'Phiếu gửi', 250), ('PC', 'Phiếu chuyển', 260), ('PB', 'Phiếu báo', 270),
  ('SY', 'Bản sao y', 280), ('TrS', 'Bản trích sao', 290), ('SL', 'Bản sao lục', 300),
  (NULL, 'Công văn', 5), (NULL, 'Thư công', 310),
  ('CV', 'Công văn (CV)', 6), ('TT', 'Thông tri', 320), ('CTrPH', 'Chương trình phối hợp', 330),
  ('NQLT', 'Nghị quyết liên tịch', 340);
