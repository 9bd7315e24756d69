import { describe, expect, it } from 'vitest';
import { readAttributes } from './attributes.ts';
import { Params, parseW3cDateTime } from './params.ts';
import { list, type Open311Error, render, w3cDateTime } from './render.ts';
import { requestedWindow } from './requests.ts';
import { open311StatusOf } from './status.ts';
import { cleanText, titleOf } from './submission.ts';
import { readXml, sameDocument } from './test-support/spark.ts';

describe('W3C date-times', () => {
  it('reads a time only with its time zone; a date alone is that day in Vietnam', () => {
    expect(parseW3cDateTime('2010-01-01T00:00:00Z', 'start_date').toISOString()).toBe(
      '2010-01-01T00:00:00.000Z',
    );
    expect(parseW3cDateTime('2026-05-10T08:30:00+07:00', 'x').toISOString()).toBe('2026-05-10T01:30:00.000Z');
    expect(parseW3cDateTime('2026-05-10T08:30:00.250-0500', 'x').toISOString()).toBe(
      '2026-05-10T13:30:00.250Z',
    );
    expect(parseW3cDateTime('2026-05-10', 'x').toISOString()).toBe('2026-05-09T17:00:00.000Z');
    // '+' read as a space from an unencoded query string.
    expect(parseW3cDateTime('2026-05-10T08:30:00 07:00', 'x').toISOString()).toBe('2026-05-10T01:30:00.000Z');
  });

  it('refuses what is not one, saying what to fix', () => {
    const failure = (value: string) => {
      try {
        parseW3cDateTime(value, 'end_date');
      } catch (error) {
        return (error as Open311Error).errors[0]!.vi;
      }
      return 'accepted';
    };
    expect(failure('2026-05-10T08:30:00')).toMatch(/thiếu múi giờ/);
    expect(failure('2026-02-30')).toMatch(/không đúng định dạng/);
    expect(failure('2026-05-10T25:00:00Z')).toMatch(/không đúng định dạng/);
    expect(failure('10/05/2026')).toMatch(/end_date/);
  });

  it('writes in Vietnam time with the offset', () => {
    expect(w3cDateTime(new Date('2026-11-22T20:15:09.999Z'))).toBe('2026-11-23T03:15:09+07:00');
    expect(w3cDateTime(null)).toBeNull();
  });
});

describe('parameters', () => {
  it('treats empty and blank values as missing; the form body wins over the query', () => {
    const params = new Params({ a: '', b: '  ', c: 'x', d: ['', 'y'], e: 'q' }, { e: 'body', c: '' });
    expect(params.text('a')).toBeUndefined();
    expect(params.text('b')).toBeUndefined();
    expect(params.text('c')).toBe('x');
    expect(params.all('d')).toEqual(['y']);
    expect(params.text('e')).toBe('body');
    expect(new Params({ s: 'open, closed', t: ['a', 'b,c'] }).list('t')).toEqual(['a', 'b', 'c']);
  });

  it('bounds the request window to 90 days, the last 90 by default', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    expect(requestedWindow(new Params({}), now, false)).toEqual({
      start: new Date('2026-08-25T00:00:00Z'),
      end: now,
    });
    expect(requestedWindow(new Params({}), now, true)).toBeNull();
    expect(requestedWindow(new Params({ start_date: '2026-01-01T00:00:00Z' }), now, false)?.end).toEqual(
      new Date('2026-04-01T00:00:00Z'),
    );
    expect(() =>
      requestedWindow(
        new Params({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-02T00:00:00Z' }),
        now,
        false,
      ),
    ).toThrow(/90/);
    expect(() =>
      requestedWindow(
        new Params({ start_date: '2026-01-02T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }),
        now,
        false,
      ),
    ).toThrow(/end_date/);
  });
});

describe('rendering', () => {
  const body = list('request', [
    {
      service_request_id: '7',
      description: 'a < b & "c" \u0001\uFFFE end',
      lat: 11.946,
      metadata: true,
      agency_responsible: null,
      left_out: undefined,
      notes: list('note', [{ datetime: '2026-01-01T00:00:00+07:00', description: 'x', type: 'received' }]),
    },
  ]);

  it('escapes text and drops characters XML cannot carry; JSON is the Spark mapping of the XML', () => {
    const xml = render('xml', 'service_requests', body);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(xml).toContain('a &lt; b &amp; &quot;c&quot;  end');
    expect(xml).not.toContain('left_out');
    const json = JSON.parse(render('json', 'service_requests', body));
    expect(json).toEqual([
      {
        service_request_id: '7',
        description: 'a < b & "c"  end',
        lat: 11.946,
        metadata: true,
        agency_responsible: null,
        notes: [{ datetime: '2026-01-01T00:00:00+07:00', description: 'x', type: 'received' }],
      },
    ]);
    const document = readXml(xml);
    expect(document.root).toBe('service_requests');
    expect(sameDocument(document.value, json)).toEqual([]);
    expect(sameDocument(document.value, [{ ...json[0], lat: 11.95 }])).toEqual([
      '$[0].lat: 11.95 in JSON, 11.946 in XML',
    ]);
  });

  it('renders an empty list as an empty root and []', () => {
    expect(render('json', 'service_requests', list('request', []))).toBe('[]');
    expect(readXml(render('xml', 'service_requests', list('request', []))).value).toEqual([]);
  });
});

describe('attributes', () => {
  it('checks answers against the service definition and reports every problem', () => {
    const ok = readAttributes('giao-thong', [
      ['attribute[DA_KIEN_NGHI_TRUOC]', ['chua']],
      ['attribute[HANG_MUC][]', ['duong', 'cau-cong', 'duong']],
      ['attribute[SO_HO_ANH_HUONG]', ['12']],
      ['attribute[LUU_Y_BAO_MAT]', ['ignored: an instruction']],
      ['description', ['not an attribute']],
    ]);
    expect(ok).toEqual({
      answers: { DA_KIEN_NGHI_TRUOC: 'chua', HANG_MUC: ['duong', 'cau-cong'], SO_HO_ANH_HUONG: '12' },
      problems: [],
    });
    const bad = readAttributes('dat-dai', [
      ['attribute[SO_HO_ANH_HUONG]', ['1.5']],
      ['attribute[HANG_MUC][]', ['duong']],
      ['attribute[NGAY_QUYET_DINH]', ['hôm qua']],
    ]);
    expect(bad.problems.map((p) => p.en)).toEqual([
      'attribute[SO_HO_ANH_HUONG] must be a number from 0 to 1000000.',
      'attribute[HANG_MUC] is not defined for service dat-dai (see services/dat-dai.xml).',
      'attribute[NGAY_QUYET_DINH] must be an ISO 8601 date, e.g. 2025-07-01.',
      'The required attribute[DA_KIEN_NGHI_TRUOC] is missing.',
    ]);
  });
});

describe('statuses', () => {
  it('maps the workflow to open/closed and the extended statuses', () => {
    expect(open311StatusOf('received', false)).toEqual({ status: 'open', extended: 'FOR_TRIAGE' });
    expect(open311StatusOf('returned', false)).toEqual({
      status: 'open',
      extended: 'NOT_COUNCILS_RESPONSIBILITY',
    });
    expect(open311StatusOf('answered', false)).toEqual({ status: 'open', extended: 'INVESTIGATING' });
    expect(open311StatusOf('answered', true)).toEqual({ status: 'closed', extended: 'FIXED' });
    expect(open311StatusOf('merged', false)).toEqual({ status: 'closed', extended: 'DUPLICATE' });
    expect(open311StatusOf('reopened', true)).toEqual({ status: 'open', extended: 'REOPEN' });
  });
});

describe('text', () => {
  it('keeps plain text: NFC, line breaks, no control characters', () => {
    expect(cleanText(' Đu\u0301ng\r\nho\u0309ng\u0007 ')).toBe('Đúng\nhỏng');
  });

  it('titles a petition by its first line, cut at a word', () => {
    expect(titleOf('\nĐường hỏng.\nChi tiết')).toBe('Đường hỏng.');
    const long = `${'Đường liên thôn '.repeat(12)}bị sạt lở`;
    const title = titleOf(long);
    expect(title.endsWith('…')).toBe(true);
    expect([...title].length).toBeLessThanOrEqual(120);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
  });
});
