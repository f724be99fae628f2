/**
 * Periodic report exports on both databases over the demo organisation: the numbers in the .xlsx and in the
 * .docx annex tables equal `activityFigures.compute` (and the figures API the dashboard reads) for the
 * same filter — totals, per form, per unit; the 2025 roll-up across the 1/7/2025 merge shows the
 * former wards; the .docx converts with LibreOffice and its first page is saved as a PNG.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { type CampaignFixture, seedActivityCatalogue } from '../activities/activities.testkit.js';
import type { FiguresResult } from '../activities/index.js';
import { docxToPdf, findSoffice } from '../documents/index.js';
import { annexUnitLabel } from './reports.export.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/', import.meta.url));

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The tables of a .docx: rows of cell texts. */
async function docxTables(buf: Buffer): Promise<string[][][]> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  const tables: string[][][] = [];
  for (const t of xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? []) {
    const rows = (t.match(/<w:tr[ >][\s\S]*?<\/w:tr>/g) ?? []).map((tr) =>
      (tr.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map((tc) => unescapeXml((tc.match(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g) ?? []).map((x) => x.replace(/<[^>]+>/g, '')).join(''))),
    );
    tables.push(rows);
  }
  return tables;
}

const num = (s: string | number | null | undefined) => (typeof s === 'number' ? s : Number(String(s ?? '').replace(/\./g, '').replace(',', '.')));

/** The by-unit annex tables ("Đơn vị" first), merged by row label: label → column header → number. */
function unitAnnex(tables: string[][][]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const t of tables) {
    if (t[0]?.[0] !== 'Đơn vị') continue;
    for (const row of t.slice(1)) {
      const m = out.get(row[0]) ?? new Map<string, number>();
      for (let i = 1; i < t[0].length; i++) m.set(t[0][i], num(row[i]));
      out.set(row[0], m);
    }
  }
  return out;
}

/** The by-form annex (long table: form, figure, number), as form label → figure header → number. */
function formAnnex(tables: string[][][]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const t of tables) {
    if (t[0]?.[0] !== 'Hình thức' || t[0][1] !== 'Chỉ tiêu (đơn vị tính)') continue;
    let current = '';
    for (const row of t.slice(1)) {
      if (row[0]) current = row[0].replace(/^\d+\.\s*/, '');
      const m = out.get(current) ?? new Map<string, number>();
      m.set(row[1], num(row[2]));
      out.set(current, m);
    }
  }
  return out;
}

describeEachDb(
  'periodic report exports',
  (ctx) => {
    let ward: Session;
    let city: Session;
    let qp: Session;
    let U: Record<string, string>;
    let C: CampaignFixture;
    let cityReport: { id: string; figures: { filter: Record<string, string | number | null>; measures: Array<{ key: string; label: string; unit: string }> } };
    const work = mkdtempSync(join(tmpdir(), 'lantoa-report-test-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    const activity = async (author: Session, over: Record<string, unknown>, reviewer = city) => {
      const res = await author.post('/api/activities', { campaignId: C.campaignId, title: 'Hoạt động tuyên truyền', submit: true, ...over });
      expect(res.statusCode, res.body).toBe(201);
      expect((await reviewer.post(`/api/activities/${res.json().id}/accept`, {})).statusCode).toBe(200);
    };

    beforeAll(async () => {
      const t = ctx();
      const leader = await t.login('danang.lanhdao');
      U = {};
      for (const c of ['DANANG', 'TAMKY', 'PHUONG_TAMKY', 'QUANG_PHU', 'AN_MY', 'AN_MY_KDC1', 'AN_PHU', 'AN_XUAN']) U[c] = await t.unit(c);
      C = await seedActivityCatalogue(t.db.db, t.clock, U.DANANG, 'NQ57-TEST');
      ward = await t.login('tamky.btt');
      city = await t.login('danang.btt');
      qp = await t.login('quangphu.btt');
      await activity(ward, { unitId: U.AN_MY, dateFrom: '2025-05-10', formCode: 'HOI_NGHI', measures: { sessions: 1, attCadres: 10, attResidents: 50, attFemale: 35 } });
      await activity(ward, { unitId: U.AN_MY_KDC1, dateFrom: '2025-03-15', formCode: 'TRUC_QUAN', measures: { banners: 5, flags: 1200 } }, ward); // reviewed by the ward that absorbed An Mỹ
      await activity(qp, { unitId: U.AN_PHU, dateFrom: '2025-04-03', formCode: 'HOI_NGHI', measures: { sessions: 1, attResidents: 80 } });
      await activity(qp, { unitId: U.QUANG_PHU, dateFrom: '2025-08-20', formCode: 'TRUYEN_THANH', measures: { bulletins: 4, broadcasts: 12, radioMinutes: 60 } });
      await activity(ward, { unitId: U.PHUONG_TAMKY, dateFrom: '2025-09-01', formCode: 'HOI_NGHI', measures: { sessions: 2, attCadres: 30, attParty: 5 } });
      await activity(ward, { unitId: U.PHUONG_TAMKY, dateFrom: '2025-12-20', formCode: 'FANPAGE', measures: { articles: 3, views: 12500, shares: 40 } });
      await activity(ward, { unitId: U.PHUONG_TAMKY, dateFrom: '2025-10-10', formCode: 'CUOC_THI', measures: { contests: 1, entries: 1520, participants: 1300, winners: 12 } });
      await activity(qp, { unitId: U.QUANG_PHU, dateFrom: '2025-11-18', formCode: 'BDHVS', measures: { sessions: 3, attResidents: 210, digitalHelped: 180 } });

      // A plan of the city issued in 2025 (section I lists it).
      const plan = await city.post('/api/plans', { docType: 'KH', subject: 'Tuyên truyền Nghị quyết số 57-NQ/TW năm 2025', docDate: '2025-08-15' });
      expect(plan.statusCode, plan.body).toBe(201);
      expect((await leader.post(`/api/plans/${plan.json().id}/issue`, { docDate: '2025-08-15' })).statusCode).toBe(200);

      // phường Tam Kỳ reports its year; the city accepts it and compiles its own with the sub-units' reports.
      const w = await ward.post('/api/reports', { unitId: U.PHUONG_TAMKY, campaignId: C.campaignId, periodKind: 'year', year: 2025 });
      expect(w.statusCode, w.body).toBe(201);
      expect((await ward.post(`/api/reports/${w.json().id}/submit`, { version: 1 })).statusCode).toBe(200);
      expect((await city.post(`/api/reports/${w.json().id}/accept`, {})).statusCode).toBe(200);
      const c = await city.post('/api/reports', { unitId: U.DANANG, campaignId: C.campaignId, periodKind: 'year', year: 2025, compileMode: 'with_subunit_reports' });
      expect(c.statusCode, c.body).toBe(201);
      const signed = await city.patch(`/api/reports/${c.json().id}`, {
        version: 1,
        signer: { mode: 'TM', authority: 'BAN THƯỜNG TRỰC', position: 'PHÓ CHỦ TỊCH', name: 'Lê Thị Thu Hà' },
        recipients: ['Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam (để báo cáo)', 'Thường trực Thành ủy Đà Nẵng (để báo cáo)', 'Các Ủy ban MTTQ Việt Nam phường, xã'],
        archiveLine: 'Lưu: VT, TG',
      });
      expect(signed.statusCode, signed.body).toBe(200);
      const sub = await city.post(`/api/reports/${c.json().id}/submit`, { version: 2 });
      expect(sub.statusCode, sub.body).toBe(200);
      cityReport = sub.json();
    }, 180_000);

    it('the city’s report compiles the accepted sub-unit report and lists the documents of the year', async () => {
      const r = (await city.get(`/api/reports/${cityReport.id}`)).json();
      expect(r.numberText).toMatch(/^\d{2}\/BC-MTTQ-BTT$/);
      expect(r.subunitReports.map((s: { unitId: string }) => s.unitId)).toContain(U.PHUONG_TAMKY);
      const II = JSON.stringify(r.sections[1].content);
      expect(II).toContain('Báo cáo số 01/BC-MTTQ-BTT');
      expect(II).toContain('Ngày Khoa học và Công nghệ Việt Nam (18/5)');
      const I = JSON.stringify(r.sections[0].content);
      expect(I).toMatch(/Kế hoạch số \d+\/KH-MTTQ-BTT ngày 15\/08\/2025 về tuyên truyền Nghị quyết số 57-NQ\/TW năm 2025/);
    });

    it('the numbers in the .xlsx and the .docx equal activityFigures.compute for the same filter', async () => {
      const t = ctx();
      const f = cityReport.figures.filter;
      const tree = await t.app.services.units.tree();
      const q = { unitId: String(f.unitId), asOf: String(f.asOf), from: String(f.from), to: String(f.to), campaignId: f.campaignId as string | null, cutoffDay: Number(f.cutoffDay) };
      const byForm = await t.app.services.activityFigures.compute(tree, { ...q, groupBy: 'form' });
      const byUnit = await t.app.services.activityFigures.compute(tree, { ...q, groupBy: 'unit', unitGrouping: 'as_of_period' });
      expect(byForm.totals).toMatchObject({ activities: 8, sessions: 7, attendance: 385, flags: 1200, views: 12500, entries: 1520, digitalHelped: 180 });
      // The figures API (the dashboard's query layer) answers the same.
      const api = await city.get(`/api/activities/figures?${new URLSearchParams({ unitId: q.unitId, asOf: q.asOf, from: q.from, to: q.to, campaignId: String(q.campaignId), groupBy: 'unit', unitGrouping: 'as_of_period' })}`);
      expect((api.json() as FiguresResult).groups).toEqual(byUnit.groups);
      const measures = cityReport.figures.measures;
      expect(measures.length).toBeGreaterThan(9); // wide enough to need two annex tables per breakdown

      // .xlsx, read back.
      const x = await city.get(`/api/reports/${cityReport.id}/export?format=xlsx`);
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-disposition']).toContain('bao-cao-');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Tổng hợp', 'Theo hình thức', 'Theo đơn vị', 'Theo tháng']));
      const summary = new Map<string, number>();
      wb.getWorksheet('Tổng hợp')!.eachRow((row, i) => {
        if (i > 1) summary.set(String(row.getCell(2).value), Number(row.getCell(4).value));
      });
      for (const m of measures) expect(summary.get(m.label), m.label).toBe(byForm.totals[m.key as keyof typeof byForm.totals]);
      const sheetRows = (name: string) => {
        const ws = wb.getWorksheet(name)!;
        const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
        const out = new Map<string, Map<string, number>>();
        ws.eachRow((row, i) => {
          if (i === 1) return;
          const cells = (row.values as unknown[]).slice(1);
          out.set(String(cells[1]), new Map(headers.slice(2).map((h, k) => [h, Number(cells[k + 2])])));
        });
        return out;
      };
      const header = (m: { label: string; unit: string }) => `${m.label} (${m.unit})`;
      /** Every group and total of `expected` in `got`; with `sparse`, rows and figures left out mean 0. */
      const check = (got: Map<string, Map<string, number>>, expected: FiguresResult, what: string, opts: { label?: (s: string) => string; sparse?: boolean } = {}) => {
        const label = opts.label ?? ((s: string) => s);
        for (const g of expected.groups) {
          const row = got.get(label(g.label));
          const empty = Object.values(g.values).every((v) => v === 0);
          if (!(opts.sparse && empty)) expect(row, `${what}: ${g.label}`).toBeDefined();
          for (const m of measures) {
            const v = row?.get(header(m));
            expect(opts.sparse ? (v ?? 0) : v, `${what}: ${g.label} / ${m.label}`).toBe(g.values[m.key as keyof typeof g.values]);
          }
        }
        const total = got.get('Tổng cộng')!;
        for (const m of measures) expect(total.get(header(m)), `${what}: tổng / ${m.label}`).toBe(expected.totals[m.key as keyof typeof expected.totals]);
      };
      check(sheetRows('Theo hình thức'), byForm, 'xlsx theo hình thức');
      check(sheetRows('Theo đơn vị'), byUnit, 'xlsx theo đơn vị');

      // .docx, unzipped: the annex tables.
      const d = await city.get(`/api/reports/${cityReport.id}/export?format=docx`);
      expect(d.statusCode).toBe(200);
      const tables = await docxTables(d.rawPayload);
      const forms = formAnnex(tables);
      expect(forms.size).toBe(byForm.groups.filter((g) => g.values.activities > 0).length + 1);
      check(forms, byForm, 'docx phụ lục 1', { sparse: true });
      check(unitAnnex(tables), byUnit, 'docx phụ lục 2', { label: annexUnitLabel, sparse: true });
    });

    it('a 2025 half-year report of the city shows the former wards of Tam Kỳ (as of the period)', async () => {
      const t = ctx();
      const res = await city.post('/api/reports', { unitId: U.DANANG, campaignId: C.campaignId, periodKind: 'half', year: 2025, index: 1 });
      expect(res.statusCode, res.body).toBe(201);
      const r = res.json();
      expect([r.periodFrom, r.periodTo, r.periodLabel]).toEqual(['2025-01-01', '2025-06-30', '6 tháng đầu năm 2025']);
      expect(r.figures.filter.unitGrouping).toBe('as_of_period');
      const tree = await t.app.services.units.tree();
      const formerWards = tree.childrenOn(U.TAMKY, '2025-06-30').filter((u) => tree.get(u)?.kind === 'front_committee');
      expect(formerWards).toHaveLength(12);
      const keys = r.figures.byUnit.map((g: { key: string }) => g.key);
      for (const w of formerWards) expect(keys, tree.get(w)?.name).toContain(w);
      expect(keys).not.toContain(U.PHUONG_TAMKY);
      const row = (id: string) => r.figures.byUnit.find((g: { key: string }) => g.key === id);
      expect(row(U.AN_MY).values).toMatchObject({ activities: 2, attCadres: 10, banners: 5 }); // with its khối phố 1
      expect(row(U.AN_PHU).values).toMatchObject({ activities: 1, attResidents: 80 });
      // The .docx carries the same rows.
      const d = await city.get(`/api/reports/${r.id}/export?format=docx`);
      const rows = unitAnnex(await docxTables(d.rawPayload));
      expect(rows.get('phường An Mỹ')?.get('Số hoạt động (hoạt động)')).toBe(2);
      for (const w of formerWards) expect(rows.has(annexUnitLabel(tree.get(w)!.name)), tree.get(w)?.name).toBe(true);
    });

    it('the .docx converts with LibreOffice; page 1 saved to artifacts/report-page-1.png', async () => {
      if (!findSoffice()) throw new Error('LibreOffice (soffice) không có trên máy: Cài libreoffice-writer-nogui (apt-get install -y libreoffice-writer-nogui)');
      const d = await city.get(`/api/reports/${cityReport.id}/export?format=docx`);
      const pdf = await docxToPdf(d.rawPayload);
      const file = join(work, 'report.pdf');
      writeFileSync(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(pages).toBeGreaterThan(0);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      for (const s of ['BÁO CÁO', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO', 'V. ĐỀ XUẤT, KIẾN NGHỊ', 'Nơi nhận', 'TM. BAN THƯỜNG TRỰC', 'Lê Thị Thu Hà', 'Phụ lục 1', 'Phụ lục 2']) expect(text).toContain(s);
      // A landscape page for the wide annex tables.
      const sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), file], { encoding: 'utf8' });
      expect(sizes).toMatch(/Page\s+\d+ size:\s+841\.\d+ x 595\.\d+/);
      mkdirSync(ARTIFACTS, { recursive: true });
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(ARTIFACTS, 'report-page-1')]);
      expect(readFileSync(join(ARTIFACTS, 'report-page-1.png')).subarray(1, 4).toString()).toBe('PNG');
      if (process.env.REPORT_PAGES_DIR) execFileSync('pdftoppm', ['-png', '-r', '70', file, join(process.env.REPORT_PAGES_DIR, 'page')]);
      // The print view carries the same document.
      const html = await city.get(`/api/reports/${cityReport.id}/print`);
      expect(html.statusCode).toBe(200);
      expect(html.body).toContain('BÁO CÁO');
      expect(html.body).toContain('Phụ lục 2');
    });
  },
  { seed: true },
);
