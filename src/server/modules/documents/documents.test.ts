import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RichDoc } from '../../../shared/richtext.js';
import { seedPlanDocument, seedPlanText } from '../../demo/seed-plan.js';
import { findSoffice, type OfficialDocument, renderDocx, renderPdf, renderPrintHtml, vnPlaceDate } from './index.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/documents/', import.meta.url));

/** Reads one file out of a zip (a .docx) with node's zlib: stored or deflated entries, central directory. */
function unzipEntry(zip: Buffer, name: string): string {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const entry = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (entry === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 0 ? data : inflateRawSync(data)).toString('utf8');
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${name} not in zip`);
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

const p = (text: string): RichDoc['content'][number] => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const rich = (...texts: string[]): RichDoc => ({ type: 'doc', content: texts.map(p) });

function sampleDoc(over: Partial<OfficialDocument> = {}): OfficialDocument {
  return {
    header: { parentBody: 'ỦY BAN MTTQ VIỆT NAM', bodyName: 'PHƯỜNG AN MỸ', issuer: 'BAN THƯỜNG TRỰC' },
    numberText: '05/KH-MTTQ-BTT',
    symbol: 'KH-MTTQ-BTT',
    place: 'An Mỹ',
    date: '2025-02-05',
    title: 'KẾ HOẠCH',
    subject: 'Tuyên truyền Nghị quyết 57-NQ/TW',
    preamble: rich('Căn cứ Kế hoạch số 51/KH-MTTQ-BTT.'),
    sections: [{ heading: 'I. MỤC ĐÍCH, YÊU CẦU', content: rich('1. Nâng cao nhận thức.') }],
    closing: rich('Trên đây là kế hoạch./.'),
    footnotes: [],
    recipients: ['BTT Ủy ban MTTQ Việt Nam thành phố'],
    archiveLine: 'Lưu VT',
    signer: { mode: 'TM', authority: 'Ban Thường trực', position: 'Chủ tịch', name: 'Trần Văn A' },
    ...over,
  };
}

describe('vnPlaceDate', () => {
  it('puts a leading zero on days below 10 and on months 1 and 2 only', () => {
    expect(vnPlaceDate('Tam Kỳ', '2025-03-07')).toBe('Tam Kỳ, ngày 07 tháng 3 năm 2025');
    expect(vnPlaceDate('Tam Kỳ', '2025-02-05')).toBe('Tam Kỳ, ngày 05 tháng 02 năm 2025');
    expect(vnPlaceDate('Tam Kỳ', '2025-03-15')).toBe('Tam Kỳ, ngày 15 tháng 3 năm 2025');
    expect(vnPlaceDate('Tam Kỳ', '2025-01-01')).toBe('Tam Kỳ, ngày 01 tháng 01 năm 2025');
    expect(vnPlaceDate('Đà Nẵng', '2025-10-10')).toBe('Đà Nẵng, ngày 10 tháng 10 năm 2025');
    expect(vnPlaceDate('Đà Nẵng', '2025-12-31')).toBe('Đà Nẵng, ngày 31 tháng 12 năm 2025');
    expect(vnPlaceDate('Tam Kỳ', '2025-09-09')).toBe('Tam Kỳ, ngày 09 tháng 9 năm 2025');
  });

  it('leaves the day and month blank without a date, and refuses an impossible date', () => {
    expect(vnPlaceDate('Tam Kỳ', null, 2025)).toBe('Tam Kỳ, ngày      tháng      năm 2025');
    expect(vnPlaceDate('Tam Kỳ', null)).toMatch(/^Tam Kỳ, ngày\s+tháng\s+năm$/);
    expect(() => vnPlaceDate('Tam Kỳ', '2025-02-30')).toThrow();
    expect(() => vnPlaceDate('Tam Kỳ', '07/03/2025')).toThrow();
  });
});

describe('the seed plan as .docx', () => {
  let docx: Buffer;
  beforeAll(async () => {
    docx = await renderDocx(seedPlanDocument());
  });

  it('has, word for word, the text of the seed file (header block aside)', async () => {
    const { value } = await mammoth.extractRawText({ buffer: docx });
    let text = value;
    // The header block the seed copy lost: each removed once, where it stands (before the place-date line).
    for (const s of ['ỦY BAN MTTQ VIỆT NAM', 'THÀNH PHỐ TAM KỲ', 'BAN THƯỜNG TRỰC', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']) {
      const at = text.indexOf(s);
      expect(at, s).toBeGreaterThanOrEqual(0);
      expect(at, s).toBeLessThan(text.indexOf('Tam Kỳ, ngày'));
      text = text.slice(0, at) + text.slice(at + s.length);
    }
    const number = /Số:\s+\/KH-MTTQ-BTT/.exec(text);
    expect(number, 'Số:      /KH-MTTQ-BTT (number unknown)').not.toBeNull();
    text = text.replace(number![0], '');

    const start = 'Tam Kỳ, ngày 07 tháng 3 năm 2025';
    const end = 'Nguyễn Ba';
    const seed = seedPlanText();
    const expected = collapse(seed.slice(seed.indexOf(start), seed.lastIndexOf(end) + end.length));
    const from = text.indexOf(start);
    const to = text.lastIndexOf(end) + end.length;
    // Nothing else before the place-date line or after the signer's name.
    expect(collapse(text.slice(0, from))).toBe('');
    expect(collapse(text.slice(to))).toBe('');
    expect(collapse(text.slice(from, to))).toBe(expected);
  });

  it('is A4 portrait with margins 20/15/20/30 mm, Times New Roman, numbered from page 2', () => {
    const xml = unzipEntry(docx, 'word/document.xml');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"(?: w:orient="portrait")?\/>/);
    const mar = /<w:pgMar ([^>]*)\/>/.exec(xml)?.[1] ?? '';
    expect(mar).toContain('w:top="1134"'); // 20 mm
    expect(mar).toContain('w:bottom="1134"'); // 20 mm
    expect(mar).toContain('w:left="1701"'); // 30 mm
    expect(mar).toContain('w:right="850"'); // 15 mm
    expect(xml).toContain('<w:titlePg/>');
    expect(xml).toMatch(/<w:headerReference w:type="first"/);
    expect(xml).toMatch(/<w:headerReference w:type="default"/);
    // Body paragraphs: justified, first line 1.27 cm, 6 pt after, 1.15 lines.
    expect(xml).toContain('<w:jc w:val="both"/>');
    expect(xml.includes('<w:spacing w:after="120" w:before="0" w:line="276" w:lineRule="auto"/>'), '6 pt after, 1.15 lines').toBe(true);
    expect(xml).toContain('w:firstLine="720"');
    // The default header holds the PAGE field, centred.
    const headers = [1, 2, 3]
      .map((n) => {
        try {
          return unzipEntry(docx, `word/header${n}.xml`);
        } catch {
          return '';
        }
      })
      .join('');
    expect(headers).toMatch(/PAGE|<w:pgNum/);
    const styles = unzipEntry(docx, 'word/styles.xml');
    expect(styles).toContain('w:ascii="Times New Roman"');
    expect(styles).toContain('<w:sz w:val="28"/>'); // 14 pt body
    const core = unzipEntry(docx, 'docProps/core.xml');
    expect(core).toContain('<dc:creator>Lan Tỏa</dc:creator>');
    expect(core).toContain(`<dc:title>${seedPlanDocument().subject}</dc:title>`);
  });

  it('keeps the footnote markers as written and adds no footnote without text', () => {
    const xml = unzipEntry(docx, 'word/document.xml');
    expect(xml).toContain('quốc gia⁽¹⁾.');
    expect(xml).toContain('Quảng Nam⁽²⁾.');
    expect(xml).not.toContain('w:footnoteReference');
  });
});

describe('PDF through LibreOffice', () => {
  const work = mkdtempSync(join(tmpdir(), 'lantoa-doc-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('converts the seed plan: A4, Liberation Serif, Vietnamese text intact, page 1 saved as PNG', async () => {
    if (!findSoffice()) throw new Error('LibreOffice (soffice) không có trên máy: Cài libreoffice-writer-nogui (apt-get install -y libreoffice-writer-nogui)');
    for (const tool of ['pdftoppm', 'pdftotext', 'pdfinfo', 'pdffonts']) {
      try {
        execFileSync('sh', ['-c', `command -v ${tool}`]);
      } catch {
        throw new Error(`${tool} không có trên máy: Cài poppler-utils`);
      }
    }
    const pdf = await renderPdf(seedPlanDocument(), { engine: 'libreoffice' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(work, 'seed-plan.pdf');
    writeFileSync(file, pdf);

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    if (!/LiberationSerif/.test(fonts)) throw new Error(`Times New Roman không được thay bằng Liberation Serif: Cài fonts-liberation2\n${fonts}`);

    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('KẾ HOẠCH');
    expect(text).toContain('Nguyễn Ba');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Tam Kỳ, ngày 07 tháng 3 năm 2025');
    expect(text).toContain('TM. BAN THƯỜNG TRỰC');
    // No number on page 1; page 2 begins with its number.
    const page1 = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    const page2 = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' });
    expect(page1.trim().split('\n')[0]).toBe('ỦY BAN MTTQ VIỆT NAM');
    expect(page2.trim().split('\n')[0].trim()).toBe('2');

    mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(ARTIFACTS, 'seed-plan-page1')]);
    const png = readFileSync(join(ARTIFACTS, 'seed-plan-page1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('runs conversions in parallel without sharing a profile, and leaves no temporary directory', async () => {
    if (!findSoffice()) throw new Error('Cài libreoffice-writer-nogui');
    const before = new Set(execFileSync('sh', ['-c', `ls ${tmpdir()} | grep '^lantoa-pdf-' || true`], { encoding: 'utf8' }).split('\n'));
    const pdfs = await Promise.all([1, 2, 3].map((n) => renderPdf(sampleDoc({ subject: `Văn bản thử ${n}` }), { engine: 'libreoffice' })));
    for (const pdf of pdfs) expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const after = execFileSync('sh', ['-c', `ls ${tmpdir()} | grep '^lantoa-pdf-' || true`], { encoding: 'utf8' })
      .split('\n')
      .filter((d) => d && !before.has(d));
    expect(after).toEqual([]);
  });
});

describe('PDF fallback (pdfmake, no LibreOffice)', () => {
  it('lays out the seed plan on A4 with a Vietnamese font', async () => {
    const pdf = await renderPdf(seedPlanDocument(), { engine: 'pdfmake' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'lantoa-doc-test-'));
    try {
      const file = join(dir, 'fallback.pdf');
      writeFileSync(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      expect(info).toContain('Lan Tỏa');
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      for (const s of ['KẾ HOẠCH', 'Nguyễn Ba', 'Độc lập - Tự do - Hạnh phúc', 'Tam Kỳ, ngày 07 tháng 3 năm 2025', 'V. TỔ CHỨC THỰC HIỆN', '- Lưu VT, TG.']) {
        expect(text).toContain(s);
      }
      const page2 = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' });
      expect(page2.trim().split('\n')[0].trim()).toBe('2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rich text, signer, footnotes and annexes in .docx', () => {
  it('renders lists as "- " / "1. " paragraphs, marks as run properties, links as underlined text', async () => {
    const content: RichDoc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Đậm', marks: [{ type: 'bold' }] }, { type: 'text', text: ' nghiêng', marks: [{ type: 'italic' }] }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'dòng một' }, { type: 'hardBreak' }, { type: 'text', text: 'dòng hai' }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [p('gạch đầu dòng')] }] },
        {
          type: 'orderedList',
          attrs: { start: 3 },
          content: [
            { type: 'listItem', content: [p('mục ba'), { type: 'bulletList', content: [{ type: 'listItem', content: [p('con')] }] }] },
            { type: 'listItem', content: [p('mục bốn')] },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'trang web', marks: [{ type: 'link', attrs: { href: 'https://mttq.example/vn' } }] }] },
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Tiêu đề nhỏ' }] },
      ],
    };
    const docx = await renderDocx(sampleDoc({ sections: [{ heading: 'II. NỘI DUNG', content }] }));
    const { value } = await mammoth.extractRawText({ buffer: docx });
    const lines = value.split('\n').map((l) => l.trim());
    for (const l of ['- gạch đầu dòng', '3. mục ba', '- con', '4. mục bốn', 'trang web', 'Tiêu đề nhỏ', 'Đậm nghiêng']) expect(lines).toContain(l);
    const xml = unzipEntry(docx, 'word/document.xml');
    const has = (frag: string) => expect(xml.includes(frag), frag).toBe(true);
    has('<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Đậm</w:t></w:r>');
    has('<w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve"> nghiêng</w:t></w:r>');
    has('<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">trang web</w:t></w:r>');
    has('<w:t xml:space="preserve">dòng một</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">dòng hai</w:t>');
    expect(xml).not.toContain('mttq.example'); // links print as text, no hyperlink
    // Header, number, recipients and signer.
    expect(value).toContain('Số: 05/KH-MTTQ-BTT');
    expect(value).toContain('An Mỹ, ngày 05 tháng 02 năm 2025');
    expect(value).toContain('- BTT Ủy ban MTTQ Việt Nam thành phố;');
    expect(value).toContain('- Lưu VT.');
    expect(value).toContain('TM. BAN THƯỜNG TRỰC');
    expect(value).toContain('CHỦ TỊCH');
  });

  it('prints "KT." or the bare authority, and a công văn\'s "V/v" line instead of a title', async () => {
    const kt = await mammoth.extractRawText({
      buffer: await renderDocx(sampleDoc({ signer: { mode: 'KT', authority: 'Chủ tịch', position: 'Phó Chủ tịch', name: 'Lê Thị B' } })),
    });
    expect(kt.value).toContain('KT. CHỦ TỊCH');
    expect(kt.value).toContain('PHÓ CHỦ TỊCH');
    const bare = await mammoth.extractRawText({ buffer: await renderDocx(sampleDoc({ signer: { mode: '', authority: 'Trưởng ban', position: '', name: 'Lê Thị B' } })) });
    expect(bare.value).toContain('TRƯỞNG BAN');
    expect(bare.value).not.toContain('TM.');
    const cv = await mammoth.extractRawText({ buffer: await renderDocx(sampleDoc({ title: '', numberText: '12/MTTQ-BTT', subject: 'Triển khai tuyên truyền' })) });
    expect(cv.value).toContain('Số: 12/MTTQ-BTT');
    expect(cv.value).toContain('V/v Triển khai tuyên truyền');
    expect(cv.value).not.toContain('KẾ HOẠCH');
  });

  it('prints footnotes that have text in a notes block, and nothing for those without', async () => {
    const doc = sampleDoc({
      preamble: rich('Căn cứ Nghị quyết⁽¹⁾ và Chương trình⁽²⁾.'),
      footnotes: [
        { marker: '(1)', text: 'Nghị quyết số 57-NQ/TW ngày 22/12/2024.' },
        { marker: '(2)', text: null },
      ],
    });
    const { value } = await mammoth.extractRawText({ buffer: await renderDocx(doc) });
    expect(value).toContain('Căn cứ Nghị quyết⁽¹⁾ và Chương trình⁽²⁾.');
    expect(value).toContain('⁽¹⁾ Nghị quyết số 57-NQ/TW ngày 22/12/2024.');
    expect(value.match(/⁽²⁾/g)).toHaveLength(1);
  });

  it('puts each annex in its own section, landscape when asked, with a table', async () => {
    const docx = await renderDocx(
      sampleDoc({
        annexes: [
          { title: 'PHỤ LỤC 1', landscape: true, table: { headers: ['Đơn vị', 'Số buổi'], rows: [['Phường An Mỹ', 1250]] } },
          { title: 'PHỤ LỤC 2', landscape: false, table: { headers: ['Đơn vị'], rows: [['Xã Tam Thăng']] } },
        ],
      }),
    );
    const xml = unzipEntry(docx, 'word/document.xml');
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    expect(xml.match(/<w:sectPr/g)).toHaveLength(3);
    const { value } = await mammoth.extractRawText({ buffer: docx });
    expect(value).toContain('PHỤ LỤC 1');
    expect(value).toContain('Phường An Mỹ');
    expect(value).toContain('1.250');
  });
});

describe('print HTML', () => {
  it('is a standalone A4 page with the official layout and no script', () => {
    const html = renderPrintHtml(seedPlanDocument());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('@page { size: A4; margin: 20mm 15mm 20mm 30mm;');
    expect(html).toMatch(/font-family: "Times New Roman", "Liberation Serif"/);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).toContain('Nhấn <b>Ctrl+P</b>');
    expect(html).toMatch(/@media print \{[\s\S]*\.screen-note \{ display: none; \}/);
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Tam Kỳ, ngày 07 tháng 3 năm 2025', 'KẾ HOẠCH', 'V. TỔ CHỨC THỰC HIỆN', 'Nơi nhận:', '- Lưu VT, TG.', 'TM. BAN THƯỜNG TRỰC', 'Nguyễn Ba']) {
      expect(html).toContain(s);
    }
    expect(html).toContain('Số:&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/KH-MTTQ-BTT');
  });

  it('escapes every text', () => {
    const html = renderPrintHtml(
      sampleDoc({
        subject: '<script>alert(1)</script> & "trích yếu"',
        preamble: rich('<img src=x onerror=alert(2)>'),
        sections: [{ heading: '<b>I.</b>', content: rich('x') }],
        recipients: ['<i>Ban</i>'],
        signer: { mode: 'TM', authority: 'Ban <u>Thường trực</u>', position: 'Chủ tịch', name: '<svg onload=alert(3)>' },
        footnotes: [{ marker: '(1)', text: '</p><script>alert(4)</script>' }],
        annexes: [{ title: '<h1>Phụ lục</h1>', landscape: true, table: { headers: ['<th>'], rows: [['<td>']] } }],
      }),
    );
    expect(html).not.toMatch(/<script|<img|<svg|<i>|<u>|<h1>|<b>I\./);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;trích yếu&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&lt;svg onload=alert(3)&gt;');
    expect(html).toContain('&lt;/p&gt;&lt;script&gt;alert(4)&lt;/script&gt;');
  });
});

describe('speed', () => {
  it('renders the seed plan .docx well under a second', async () => {
    const doc = seedPlanDocument();
    await renderDocx(doc);
    const t = performance.now();
    await renderDocx(doc);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
