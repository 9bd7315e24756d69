import type { Directive, RecipientRow } from '@mts/contracts';
import { describe, expect, it } from 'vitest';
import { attachmentType } from '../../platform/storage/index.ts';
import { boardCsv } from './board-export.ts';

const directive = { figureLabel: 'hộ' } as Directive;
const row = (over: Partial<RecipientRow>): RecipientRow => ({
  unitId: '00000000-0000-4000-8000-000000000001',
  unitName: 'Ủy ban MTTQ xã An Bình',
  unitCode: null,
  status: 'reported',
  seenAt: '2026-11-20T01:00:00.000Z',
  acknowledgedAt: '2026-11-20T02:30:00.000Z',
  onTime: true,
  reportedAt: null,
  reportText: null,
  reportFigure: 125,
  attachments: [],
  remindedAt: null,
  escalatedAt: null,
  ...over,
});

describe('board CSV', () => {
  it('shows Vietnam time, Vietnamese labels and the figure unit', () => {
    const csv = boardCsv(directive, [row({})]);
    const [header, line] = csv.slice(1).split('\r\n');
    expect(header).toContain('Số liệu (hộ)');
    expect(line).toBe('1,Ủy ban MTTQ xã An Bình,,Đã báo cáo,20/11/2026 08:00,20/11/2026 09:30,Có,,,125,,');
  });

  it('quotes separators and neutralises formulas typed in a report', () => {
    const csv = boardCsv(directive, [
      row({ reportText: '=HYPERLINK("http://x")' }),
      row({ reportText: 'a, "b"' }),
    ]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain('"a, ""b"""');
  });
});

describe('report attachments', () => {
  it('are recognised by content, not by name', () => {
    expect(attachmentType(Buffer.from('%PDF-1.7\n1 0 obj\n%%EOF\n'))).toBe('application/pdf');
    expect(attachmentType(Buffer.from('%PDF-1.7 truncated'))).toBeNull();
    expect(attachmentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(attachmentType(Buffer.from('<script>alert(1)</script>'))).toBeNull();
    expect(attachmentType(Buffer.alloc(0))).toBeNull();
  });
});
