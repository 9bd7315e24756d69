-- Default hierarchy levels (configurable: edit these rows) and the system roles.
INSERT INTO unit_level (id, name_vi, name_en, rank) VALUES
  ('central', 'Trung ương', 'Central', 0),
  ('province', 'Tỉnh/Thành phố', 'Province/City', 1),
  ('commune', 'Xã/Phường/Đặc khu', 'Commune/Ward/Special zone', 2),
  ('residential', 'Khu dân cư', 'Residential area', 3)
ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
INSERT INTO role (id, name_vi, name_en, permissions, requires_mfa, is_system) VALUES
  ('system_admin', 'Quản trị hệ thống', 'System administrator',
    ARRAY['units.read','units.manage','units.reorganise','staff.read','staff.manage','staff.import','roles.read','roles.assign','roles.manage','sessions.manage','tokens.manage','audit.read','mail.outbox.read'], true, true),
  ('unit_admin', 'Quản trị đơn vị', 'Unit administrator',
    ARRAY['units.read','units.manage','units.reorganise','staff.read','staff.manage','staff.import','roles.read','roles.assign','sessions.manage','tokens.manage','mail.outbox.read'], true, true),
  ('leader', 'Lãnh đạo', 'Leader', ARRAY['units.read','staff.read','roles.read','audit.read'], false, true),
  ('clerk', 'Văn thư', 'Registry clerk', ARRAY['units.read','staff.read'], false, true),
  ('specialist', 'Chuyên viên', 'Specialist', ARRAY['units.read','staff.read'], false, true),
  ('auditor', 'Kiểm tra viên', 'Auditor', ARRAY['units.read','staff.read','roles.read','audit.read'], false, true),
  ('member', 'Cán bộ', 'Staff member', ARRAY['units.read'], false, true)
ON CONFLICT (id) DO NOTHING;
