-- Voters' petitions: permissions for the built-in roles, the subject areas (Open311 services) and
-- the default deadline rules. Administrators hold every petitions permission (they may only grant
-- what they hold); leaders route and publish; clerks and specialists take petitions in.
UPDATE role SET permissions = permissions || ARRAY['petitions.read', 'petitions.intake', 'petitions.route',
    'petitions.personal_data', 'petitions.moderate', 'petitions.sessions', 'petitions.configure']
 WHERE id IN ('unit_admin', 'system_admin') AND NOT ('petitions.read' = ANY (permissions));
--> statement-breakpoint
UPDATE role SET permissions = permissions || ARRAY['petitions.read', 'petitions.intake', 'petitions.route',
    'petitions.personal_data', 'petitions.moderate', 'petitions.sessions']
 WHERE id = 'leader' AND NOT ('petitions.read' = ANY (permissions));
--> statement-breakpoint
UPDATE role SET permissions = permissions || ARRAY['petitions.read', 'petitions.intake', 'petitions.personal_data',
    'petitions.sessions']
 WHERE id IN ('clerk', 'specialist') AND NOT ('petitions.read' = ANY (permissions));
--> statement-breakpoint
UPDATE role SET permissions = permissions || ARRAY['petitions.read']
 WHERE id = 'auditor' AND NOT ('petitions.read' = ANY (permissions));
--> statement-breakpoint
INSERT INTO petition_subject (code, name_vi, name_en, group_vi, description, sort_order) VALUES
  ('dat-dai', 'Đất đai, nhà ở', 'Land and housing', 'Kinh tế', 'Giao đất, thu hồi đất, bồi thường, giải phóng mặt bằng, cấp giấy chứng nhận, nhà ở.', 10),
  ('moi-truong', 'Tài nguyên, môi trường', 'Natural resources and environment', 'Kinh tế', 'Ô nhiễm, rác thải, nước thải, khai thác khoáng sản, cây xanh.', 20),
  ('giao-thong', 'Giao thông, xây dựng', 'Transport and construction', 'Hạ tầng', 'Đường sá, cầu cống, chiếu sáng, trật tự xây dựng, an toàn giao thông.', 30),
  ('nong-nghiep', 'Nông nghiệp, nông thôn', 'Agriculture and rural development', 'Kinh tế', 'Thủy lợi, giống, vật tư, giá nông sản, nông thôn mới.', 40),
  ('y-te', 'Y tế, bảo hiểm y tế', 'Health and health insurance', 'Văn hóa - xã hội', 'Khám chữa bệnh, trạm y tế, bảo hiểm y tế, an toàn thực phẩm.', 50),
  ('giao-duc', 'Giáo dục, đào tạo', 'Education and training', 'Văn hóa - xã hội', 'Trường lớp, học phí, sách giáo khoa, giáo viên.', 60),
  ('an-sinh', 'Lao động, an sinh xã hội', 'Labour and social welfare', 'Văn hóa - xã hội', 'Việc làm, bảo hiểm xã hội, trợ cấp, người có công, hộ nghèo.', 70),
  ('an-ninh', 'An ninh, trật tự', 'Public order and security', 'Nội chính', 'Trộm cắp, tệ nạn, trật tự công cộng, phòng cháy chữa cháy.', 80),
  ('hanh-chinh', 'Cải cách hành chính, chuyển đổi số', 'Administrative reform and digital services', 'Nội chính', 'Thủ tục hành chính, dịch vụ công trực tuyến, định danh điện tử.', 90),
  ('tu-phap', 'Tư pháp, khiếu nại, tố cáo', 'Justice, complaints and denunciations', 'Nội chính', 'Hộ tịch, thi hành án, giải quyết khiếu nại, tố cáo.', 100),
  ('dien-nuoc', 'Điện, nước sạch, viễn thông', 'Electricity, clean water and telecoms', 'Hạ tầng', 'Cấp điện, nước sinh hoạt, sóng điện thoại, internet.', 110),
  ('khac', 'Lĩnh vực khác', 'Other', 'Khác', 'Kiến nghị chưa thuộc lĩnh vực nào ở trên.', 900)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
INSERT INTO petition_deadline_rule (name, level, channel, forwarded_by, days, working_days) VALUES
  ('Kiến nghị do Quốc hội chuyển: 60 ngày (QĐ 33/2017/QĐ-TTg, sửa đổi bởi QĐ 30/2020/QĐ-TTg)', NULL, NULL, 'national_assembly', 60, false),
  ('Kiến nghị cấp tỉnh: 30 ngày làm việc (mặc định, cấu hình được)', 'province', NULL, NULL, 30, true),
  ('Kiến nghị cấp xã: 15 ngày làm việc (mặc định, cấu hình được)', 'commune', NULL, NULL, 15, true),
  ('Mặc định: 60 ngày', NULL, NULL, NULL, 60, false);
