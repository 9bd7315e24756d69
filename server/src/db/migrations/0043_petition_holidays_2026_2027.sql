-- Public holidays (Labour Code 2019, Art. 112) for working-day petition deadlines, 2026 and 2027:
-- the weekdays off. A holiday falling on a weekend is made up on the next working day(s). Each
-- year the Government fixes the exact Tết days and the day next to 2/9 (and may swap a working
-- Saturday); administrators adjust them through /api/petition-holidays. 2027 Tết follows the usual
-- pattern (the last day of the year and the first four of the new one) until the decision is out.
INSERT INTO petition_holiday (day, name) VALUES
  ('2026-01-01', 'Tết Dương lịch'),
  ('2026-02-16', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)'),
  ('2026-02-17', 'Tết Nguyên đán Bính Ngọ (mùng 1)'),
  ('2026-02-18', 'Tết Nguyên đán Bính Ngọ (mùng 2)'),
  ('2026-02-19', 'Tết Nguyên đán Bính Ngọ (mùng 3)'),
  ('2026-02-20', 'Tết Nguyên đán Bính Ngọ (mùng 4)'),
  ('2026-04-27', 'Giỗ Tổ Hùng Vương (10/3 âm lịch là Chủ nhật 26/4, nghỉ bù)'),
  ('2026-04-30', 'Ngày Chiến thắng (30/4)'),
  ('2026-05-01', 'Ngày Quốc tế Lao động (1/5)'),
  ('2026-09-01', 'Quốc khánh (ngày liền kề)'),
  ('2026-09-02', 'Quốc khánh (2/9)'),
  ('2027-01-01', 'Tết Dương lịch'),
  ('2027-02-05', 'Tết Nguyên đán Đinh Mùi (29 tháng Chạp)'),
  ('2027-02-08', 'Tết Nguyên đán Đinh Mùi (mùng 3)'),
  ('2027-02-09', 'Tết Nguyên đán Đinh Mùi (mùng 4)'),
  ('2027-02-10', 'Tết Nguyên đán Đinh Mùi (nghỉ bù mùng 1, thứ Bảy)'),
  ('2027-02-11', 'Tết Nguyên đán Đinh Mùi (nghỉ bù mùng 2, Chủ nhật)'),
  ('2027-04-16', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  ('2027-04-30', 'Ngày Chiến thắng (30/4)'),
  ('2027-05-03', 'Ngày Quốc tế Lao động (1/5 là thứ Bảy, nghỉ bù)'),
  ('2027-09-02', 'Quốc khánh (2/9)'),
  ('2027-09-03', 'Quốc khánh (ngày liền kề)')
ON CONFLICT (day) DO NOTHING;
