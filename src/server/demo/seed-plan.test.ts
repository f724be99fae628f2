import { describe, expect, it } from 'vitest';
import { richTextToLines } from '../../shared/richtext.js';
import { RichDocSchema } from '../platform/richtext-schema.js';
import { parseSeedPlan, seedPlanBases, seedPlanDocument, seedPlanResponsibilities, seedPlanText } from './seed-plan.js';

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

describe('seed plan', () => {
  const doc = seedPlanDocument();

  it('has the issuing header, an unknown number, the date and the signer', () => {
    expect(doc.header).toEqual({ parentBody: 'ỦY BAN MTTQ VIỆT NAM', bodyName: 'THÀNH PHỐ TAM KỲ', issuer: 'BAN THƯỜNG TRỰC' });
    expect(doc.numberText).toBeNull();
    expect(doc.symbol).toBe('KH-MTTQ-BTT');
    expect(doc.place).toBe('Tam Kỳ');
    expect(doc.date).toBe('2025-03-07');
    expect(doc.title).toBe('KẾ HOẠCH');
    expect(doc.subject).toMatch(/^Tuyên truyền Nghị quyết số 57-NQ\/TW, ngày 22\/12\/2024 .* trên địa bàn thành phố$/);
    expect(doc.signer).toEqual({ mode: 'TM', authority: 'BAN THƯỜNG TRỰC', position: 'CHỦ TỊCH', name: 'Nguyễn Ba' });
    expect(doc.recipients).toEqual([
      'Ban Tuyên giáo UBMTTQVN tỉnh',
      'Ban Tuyên giáo và Dân vận Thành ủy',
      'Các tổ chức thành viên UBMTTQVN th.phố',
      'BTT Ủy ban MTTQ Việt Nam các xã, phường',
    ]);
    expect(doc.archiveLine).toBe('Lưu VT, TG');
    expect(doc.footnotes).toEqual([
      { marker: '(1)', text: null },
      { marker: '(2)', text: null },
    ]);
  });

  it('keeps every line of the file, in order, in its part', () => {
    expect(doc.sections.map((s) => s.heading)).toEqual([
      'I. MỤC ĐÍCH, YÊU CẦU',
      'II. NỘI DUNG TUYÊN TRUYỀN',
      'III. HÌNH THỨC TUYÊN TRUYỀN',
      'IV. THỜI GIAN TUYÊN TRUYỀN',
      'V. TỔ CHỨC THỰC HIỆN',
    ]);
    const rebuilt = [
      'Tam Kỳ, ngày 07 tháng 3 năm 2025',
      doc.title,
      doc.subject,
      ...richTextToLines(doc.preamble),
      ...doc.sections.flatMap((s) => [s.heading, ...richTextToLines(s.content)]),
      ...richTextToLines(doc.closing),
      'Nơi nhận:',
      ...doc.recipients.map((r) => `- ${r};`),
      `- ${doc.archiveLine}.`,
      `${doc.signer.mode}. ${doc.signer.authority}`,
      doc.signer.position,
      doc.signer.name,
    ];
    expect(rebuilt).toEqual(lines(seedPlanText()));
    expect(richTextToLines(doc.preamble)).toHaveLength(1);
    expect(richTextToLines(doc.preamble)[0]).toMatch(/^Thực hiện Kế hoạch số 51\/KH-MTTQ-BTT /);
    expect(richTextToLines(doc.closing)[0]).toMatch(/^Trên đây là .*đạt kết quả\.\/\.$/);
    expect(richTextToLines(doc.sections[1].content)[0]).toMatch(/quốc gia⁽¹⁾\.$/);
  });

  it('is valid rich text, with the sub-headings of section V in bold', () => {
    for (const d of [doc.preamble, doc.closing, ...doc.sections.map((s) => s.content)]) expect(RichDocSchema.safeParse(d).success).toBe(true);
    const bold = doc.sections[4].content.content
      .filter((b) => b.type === 'paragraph' && b.content?.[0]?.type === 'text' && b.content[0].marks?.some((m) => m.type === 'bold'))
      .map((b) => (b.type === 'paragraph' && b.content?.[0]?.type === 'text' ? b.content[0].text : ''));
    expect(bold).toEqual([
      '1. Ban Thường trực Ủy ban MTTQ Việt Nam thành phố',
      '2. Các tổ chức chính trị - xã hội, các tổ chức thành viên',
      '3. Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường',
    ]);
    // Numbered items of section II are body text, not headings.
    expect(JSON.stringify(doc.sections[1].content)).not.toContain('bold');
  });

  it('refuses text that is not a plan', () => {
    expect(() => parseSeedPlan('Xin chào')).toThrow(/Kế hoạch mẫu/);
  });

  it('gives section V as three responsibilities with their duties', () => {
    const r = seedPlanResponsibilities();
    expect(r.map((x) => [x.heading, x.targetGroup, x.duties.length])).toEqual([
      ['Ban Thường trực Ủy ban MTTQ Việt Nam thành phố', 'self', 4],
      ['Các tổ chức chính trị - xã hội, các tổ chức thành viên', 'member_organisations', 2],
      ['Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường', 'ward_committees', 3],
    ]);
    const all = r.flatMap((x) => x.duties);
    for (const d of all) {
      expect(d.text).not.toMatch(/^- /);
      if (/^Xây dựng kế hoạch/i.test(d.text)) {
        expect(d.recurrence).toBe('once');
        expect(d.dueDate).toMatch(/^2025-0[34]-\d\d$/);
      } else {
        expect(d.recurrence).toBe('ongoing');
        expect(d.dueDate).toBeNull();
      }
    }
    expect(all.filter((d) => d.recurrence === 'once')).toHaveLength(2);
    expect(r[2].duties[1]).toMatchObject({ recurrence: 'once', dueDate: '2025-03-21' });
    expect(r[0].duties[0]).toMatchObject({ recurrence: 'once', dueDate: '2025-03-31' });
    expect(r[0].duties[1].text).toMatch(/^Thường xuyên đăng tải/);
    expect(r[1].duties[0].text).toMatch(/^Đẩy mạnh/);
  });

  it('names the two plans it implements, as its opening says', () => {
    const preamble = richTextToLines(doc.preamble)[0];
    for (const b of seedPlanBases()) {
      expect(preamble).toContain(b.externalNumber);
      const [y, m, d] = b.externalDate.split('-');
      expect(preamble).toContain(`${b.externalNumber} ngày ${d}/${Number(m)}/${y}`);
    }
  });
});
