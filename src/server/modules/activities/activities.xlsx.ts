/**
 * Activity reports ⇄ Excel: export of a filtered list (one sheet, Vietnamese headers, dd/mm/yyyy),
 * an import template with a guide sheet, and an all-or-nothing import for units that keep their own
 * spreadsheets. Import rows go through the same checks as the API (ActivitiesService.checkContent);
 * every problem is reported as `{ row, field, message }` in Vietnamese and nothing is written.
 */
import type ExcelJS from 'exceljs';
import { z } from 'zod';
import { type Clock, formatVnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { forbidden } from '../../platform/errors.js';
import {
  addDataSheet,
  addGuideSheet,
  type ColumnSpec,
  cellDate,
  cellText,
  cellWholeNumber,
  dataRows,
  IssueList,
  importInvalid,
  loadWorkbook,
  locateColumns,
  matchChoice,
  newWorkbook,
  type Upload,
  xlsxDate,
} from '../../platform/xlsx.js';
import type { Scope } from '../access/index.js';
import { campaignUnitIds } from '../campaigns/index.js';
import type { ActivitiesService, Content } from './activities.service.js';
import { emptyContent } from './activities.service.js';
import { type ActivityStatus, type ListActivitiesFilter, STATUS_LABELS } from './activities.schemas.js';
import { MEASURES, type MeasureKey, vnNumber } from './measures.js';

export const ACTIVITIES_SHEET = 'Hoạt động';
const DATE_FMT = 'dd/mm/yyyy';

type BaseColumn = 'unitCode' | 'unitName' | 'campaignCode' | 'dateFrom' | 'dateTo' | 'form' | 'title' | 'topics' | 'place' | 'description' | 'links' | 'status' | 'id';
export type ActivityColumn = BaseColumn | MeasureKey;

/** Columns shown on export only; ignored when importing. */
const EXPORT_ONLY = new Set<ActivityColumn>(['unitName', 'status', 'id']);

export const ACTIVITY_COLUMNS: ColumnSpec<ActivityColumn>[] = [
  { key: 'unitCode', header: 'Mã đơn vị', width: 18, required: true, numFmt: '@', guide: 'Mã của đơn vị tổ chức hoạt động (xem danh sách đơn vị hoặc bảng bên dưới). Bạn phải có quyền báo cáo cho đơn vị đó.' },
  { key: 'unitName', header: 'Tên đơn vị', width: 36, guide: 'Chỉ để đọc khi xuất; khi nhập cột này được bỏ qua.' },
  {
    key: 'campaignCode',
    header: 'Mã chương trình',
    width: 16,
    numFmt: '@',
    aliases: ['Mã chiến dịch'],
    guide: 'Mã chương trình, chiến dịch tuyên truyền (ví dụ NQ57). Để trống: dùng chương trình chọn khi tải tệp lên.',
  },
  { key: 'dateFrom', header: 'Ngày tổ chức', width: 13, required: true, numFmt: DATE_FMT, aliases: ['Từ ngày', 'Ngày'], guide: 'Dạng dd/mm/yyyy (ví dụ 10/05/2025) hoặc ô ngày của Excel. Không được sau hôm nay.' },
  { key: 'dateTo', header: 'Đến ngày', width: 13, numFmt: DATE_FMT, guide: 'Để trống nếu hoạt động diễn ra trong một ngày. Không trước ngày tổ chức, không sau hôm nay.' },
  { key: 'form', header: 'Hình thức', width: 30, required: true, guide: 'Tên hoặc mã hình thức trong danh mục (bảng bên dưới).' },
  { key: 'title', header: 'Tên hoạt động', width: 44, required: true, guide: 'Tối đa 500 ký tự.' },
  { key: 'topics', header: 'Nội dung (mã chủ đề)', width: 18, numFmt: '@', aliases: ['Nội dung', 'Mã chủ đề'], guide: 'Mã các chủ đề của chương trình, cách nhau dấu chấm phẩy (ví dụ 1.1; 3.2).' },
  { key: 'place', header: 'Địa điểm', width: 26, guide: 'Tối đa 500 ký tự.' },
  ...MEASURES.map(
    (m): ColumnSpec<ActivityColumn> => ({
      key: m.key,
      header: m.label,
      width: Math.min(18, Math.max(10, Math.ceil(m.label.length / 2))),
      numFmt: '#,##0',
      guide: `Số nguyên từ 0 đến ${vnNumber(m.max)} (${m.unit}). Để trống nếu không có.`,
    }),
  ),
  { key: 'description', header: 'Mô tả', width: 40, guide: 'Tóm tắt diễn biến, kết quả. Tối đa 20.000 ký tự.' },
  { key: 'links', header: 'Liên kết', width: 36, guide: 'Địa chỉ http:// hoặc https:// (bài đăng, video…), cách nhau dấu chấm phẩy hoặc xuống dòng; tối đa 20.' },
  { key: 'status', header: 'Trạng thái', width: 14, guide: 'Chỉ để đọc khi xuất.' },
  { key: 'id', header: 'Mã báo cáo', width: 38, guide: 'Chỉ để đọc khi xuất.' },
];

/** API field → column header, for row errors. */
const FIELD_COLUMN: Record<string, ActivityColumn> = {
  unitId: 'unitCode',
  campaignId: 'campaignCode',
  formCode: 'form',
  title: 'title',
  dateFrom: 'dateFrom',
  dateTo: 'dateTo',
  topicIds: 'topics',
  place: 'place',
  description: 'description',
  links: 'links',
  ...Object.fromEntries(MEASURES.map((m) => [`measures.${m.key}`, m.key])),
};
const header = (k: ActivityColumn) => ACTIVITY_COLUMNS.find((c) => c.key === k)?.header ?? k;

const linkSchema = z.url({ protocol: /^https?$/ }).max(2000);

export class ActivitiesTransfer {
  constructor(
    private readonly db: Db,
    private readonly service: ActivitiesService,
    private readonly clock: Clock,
  ) {}

  private async campaigns(scope: Scope) {
    const rows = await this.db.selectFrom('campaigns').select(['id', 'unit_id', 'code', 'name']).execute();
    const ids = campaignUnitIds(scope);
    return rows.filter((c) => ids === 'all' || ids.has(c.unit_id));
  }

  private async topicMaps(campaignIds: string[]) {
    if (campaignIds.length === 0) return [];
    return this.db.selectFrom('topics').select(['id', 'campaign_id', 'code', 'title', 'archived']).where('campaign_id', 'in', campaignIds).execute();
  }

  async exportWorkbook(scope: Scope, q: Omit<ListActivitiesFilter, 'page' | 'pageSize'>): Promise<{ workbook: ExcelJS.Workbook; filename: string }> {
    const { rows, topics } = await this.service.listAll(scope, q);
    const tree = scope.tree;
    const campaignIds = [...new Set(rows.map((r) => r.campaign_id).filter((x): x is string => !!x))];
    const campaigns = new Map(
      campaignIds.length ? (await this.db.selectFrom('campaigns').select(['id', 'code']).where('id', 'in', campaignIds).execute()).map((c) => [c.id, c.code]) : [],
    );
    const topicCode = new Map((await this.topicMaps(campaignIds)).map((t) => [t.id, t.code]));
    const forms = new Map((await this.db.selectFrom('forms').select(['code', 'name']).execute()).map((f) => [f.code, f.name]));
    const data = rows.map((a) => {
      const r: Partial<Record<ActivityColumn, ExcelJS.CellValue>> = {
        unitCode: tree.get(a.unit_id)?.code ?? a.unit_id,
        unitName: tree.get(a.unit_id)?.name ?? '',
        campaignCode: a.campaign_id ? (campaigns.get(a.campaign_id) ?? '') : '',
        dateFrom: xlsxDate(a.date_from),
        dateTo: xlsxDate(a.date_to),
        form: a.form_code ? (forms.get(a.form_code) ?? a.form_code) : '',
        title: a.title ?? '',
        topics: (topics.get(a.id) ?? [])
          .map((t) => topicCode.get(t) ?? t)
          .sort((x, y) => x.localeCompare(y, 'vi', { numeric: true }))
          .join('; '),
        place: a.place ?? '',
        description: a.description ?? '',
        links: (JSON.parse(a.links || '[]') as string[]).join('; '),
        status: STATUS_LABELS[a.status as ActivityStatus] ?? a.status,
        id: a.id,
      };
      for (const m of MEASURES) r[m.key] = a[m.column];
      return r;
    });
    const wb = newWorkbook(this.clock.now());
    addDataSheet(wb, ACTIVITIES_SHEET, ACTIVITY_COLUMNS, data);
    const unit = q.unitId ?? scope.actingUnitId;
    const name = unit ? (tree.get(unit)?.short_name ?? '') : 'tat-ca';
    return { workbook: wb, filename: `Hoạt động tuyên truyền - ${name} - ${formatVnDate(this.clock.today()).replace(/\//g, '-')}.xlsx` };
  }

  /** An empty data sheet with the import columns, and a guide: columns, forms, measures, unit and topic codes. */
  async template(scope: Scope, campaignId?: string): Promise<{ workbook: ExcelJS.Workbook; filename: string }> {
    const specs = ACTIVITY_COLUMNS.filter((c) => !EXPORT_ONLY.has(c.key));
    const wb = newWorkbook(this.clock.now());
    addDataSheet(wb, ACTIVITIES_SHEET, specs, []);
    const forms = await this.db.selectFrom('forms').select(['code', 'name', 'counts']).where('archived', '=', 0).orderBy('sort').execute();
    const tables: Array<{ title: string; header: [string, string]; rows: Array<[string, string]> }> = [
      { title: 'Hình thức tuyên truyền', header: ['Mã', 'Tên hình thức (ghi tên hoặc mã)'], rows: forms.map((f) => [f.code, f.name]) },
    ];
    const acting = scope.actingUnitId;
    if (acting) {
      const today = this.clock.today();
      const units = [...scope.tree.subtreeOn(acting, today)].map((u) => scope.tree.get(u)!).filter((u) => scope.can('activity.report', u.id));
      units.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      tables.push({ title: 'Đơn vị bạn được báo cáo', header: ['Mã đơn vị', 'Tên đơn vị'], rows: units.slice(0, 2000).map((u) => [u.code, u.name]) });
    }
    const campaigns = await this.campaigns(scope);
    const chosen = campaignId ? campaigns.filter((c) => c.id === campaignId) : [];
    tables.push({ title: 'Chương trình, chiến dịch', header: ['Mã chương trình', 'Tên'], rows: campaigns.map((c) => [c.code, c.name]) });
    for (const c of chosen) {
      const topics = (await this.topicMaps([c.id])).filter((t) => !t.archived).sort((a, b) => a.code.localeCompare(b.code, 'vi', { numeric: true }));
      tables.push({ title: `Chủ đề của chương trình ${c.code}`, header: ['Mã chủ đề', 'Chủ đề'], rows: topics.map((t) => [t.code, t.title]) });
    }
    addGuideSheet(wb, {
      title: 'HƯỚNG DẪN NHẬP BÁO CÁO HOẠT ĐỘNG TUYÊN TRUYỀN',
      intro: [
        `Mỗi dòng của trang tính «${ACTIVITIES_SHEET}» là một hoạt động đã diễn ra. Các cột tô đỏ là bắt buộc.`,
        'Hệ thống kiểm tra toàn bộ tệp trước khi ghi: nếu có dòng sai, không dòng nào được ghi và bạn nhận danh sách lỗi theo từng dòng, từng cột.',
        'Mặc định các hoạt động nhập vào được gửi duyệt ngay cho đơn vị cấp trên; số liệu chỉ được tính vào tổng hợp sau khi được duyệt.',
        'Các cột số lượng: chỉ ghi các chỉ tiêu phù hợp với hình thức, để trống các cột còn lại.',
      ],
      specs,
      tables,
    });
    return { workbook: wb, filename: 'Mẫu nhập báo cáo hoạt động tuyên truyền.xlsx' };
  }

  async import(scope: Scope, ctx: Ctx, upload: Upload, o: { campaignId?: string; submit: boolean; dryRun: boolean }) {
    scope.assertHas('activity.report');
    const wb = await loadWorkbook(upload);
    const issues = new IssueList();
    const layout = locateColumns(wb, ACTIVITIES_SHEET, ACTIVITY_COLUMNS, issues);
    if (!layout) throw importInvalid(issues.items);
    if (issues.length) throw importInvalid(issues.items);
    const tree = scope.tree;
    const byCode = new Map([...tree.units.values()].map((u) => [u.code.toLowerCase(), u]));
    const campaigns = await this.campaigns(scope);
    if (o.campaignId && !campaigns.some((c) => c.id === o.campaignId)) {
      throw forbidden('campaign_not_found', 'Không tìm thấy chương trình, chiến dịch đã chọn hoặc bạn không có quyền xem.');
    }
    const topics = await this.topicMaps(campaigns.map((c) => c.id));
    const topicByCode = new Map(topics.map((t) => [`${t.campaign_id}|${t.code.toLowerCase()}`, t.id]));
    const forms = await this.db.selectFrom('forms').select(['code', 'name']).where('archived', '=', 0).execute();
    const formLabels = Object.fromEntries(forms.map((f) => [f.code, f.name]));
    const today = this.clock.today();
    const lookups = this.service.newLookups();
    const items: Array<{ row: number; content: Content }> = [];
    for (const r of dataRows(layout, issues)) {
      const before = issues.length;
      const err = (col: ActivityColumn, msg: string) => issues.add(r.row, header(col), msg);
      const text = (col: ActivityColumn, max: number) => {
        const v = cellText(r.get(col));
        if (v.length > max) err(col, `dài quá ${max} ký tự`);
        return v || null;
      };
      // Unit
      const code = cellText(r.get('unitCode')).toLowerCase();
      const unit = code ? byCode.get(code) : undefined;
      if (!code) err('unitCode', 'bắt buộc phải có');
      else if (!unit || !scope.canSee(unit.id) || !scope.can('activity.report', unit.id)) err('unitCode', `không tìm thấy đơn vị «${cellText(r.get('unitCode'))}» hoặc bạn không có quyền báo cáo cho đơn vị này`);
      const c = emptyContent(unit?.id ?? '', today);
      // Campaign
      const campCode = cellText(r.get('campaignCode'));
      if (campCode) {
        let hits = campaigns.filter((x) => x.code.toLowerCase() === campCode.toLowerCase());
        if (hits.length > 1 && unit) {
          const near = new Set([unit.id, ...tree.ancestorsOn(unit.id, today)]);
          hits = hits.filter((h) => near.has(h.unit_id));
        }
        if (hits.length === 1) c.campaign_id = hits[0].id;
        else err('campaignCode', hits.length ? `mã «${campCode}» trùng ở nhiều đơn vị; hãy chọn chương trình khi tải tệp lên` : `không tìm thấy chương trình có mã «${campCode}»`);
      } else c.campaign_id = o.campaignId ?? null;
      // Dates
      const df = cellDate(r.get('dateFrom'));
      if (df === undefined) err('dateFrom', 'ngày không hợp lệ (cần dạng dd/mm/yyyy)');
      else if (df === null) err('dateFrom', 'bắt buộc phải có');
      else c.date_from = df;
      const dt = cellDate(r.get('dateTo'));
      if (dt === undefined) err('dateTo', 'ngày không hợp lệ (cần dạng dd/mm/yyyy)');
      else c.date_to = dt && dt !== df ? dt : null;
      // Form, title, place, description
      const formText = cellText(r.get('form'));
      if (formText) {
        const f = matchChoice(formText, formLabels);
        if (f) c.form_code = f;
        else err('form', `không có hình thức «${formText}» trong danh mục (xem trang «Hướng dẫn»)`);
      }
      c.title = text('title', 500);
      c.place = text('place', 500);
      c.description = text('description', 20_000);
      // Topics (codes of the campaign)
      const topicText = cellText(r.get('topics'));
      if (topicText) {
        const codes = topicText
          .split(/[;\n]+/)
          .map((s) => s.trim())
          .filter(Boolean);
        if (!c.campaign_id) err('topics', 'cần chương trình để đọc mã chủ đề');
        else {
          const bad: string[] = [];
          for (const tc of codes) {
            const id = topicByCode.get(`${c.campaign_id}|${tc.toLowerCase()}`);
            if (id) c.topicIds.push(id);
            else bad.push(tc);
          }
          if (bad.length) err('topics', `không có chủ đề mã ${bad.map((b) => `«${b}»`).join(', ')} trong chương trình`);
          c.topicIds = [...new Set(c.topicIds)];
        }
      }
      // Measures
      for (const m of MEASURES) {
        const v = cellWholeNumber(r.get(m.key));
        if (v === undefined) err(m.key, 'phải là số nguyên không âm');
        else if (v !== null && v > m.max) err(m.key, `không được lớn hơn ${vnNumber(m.max)}`);
        else c.measures[m.column] = v;
      }
      // Links
      const linkText = cellText(r.get('links'));
      if (linkText) {
        const links = linkText.split(/[\s;]+/).filter(Boolean);
        const bad = links.filter((l) => !linkSchema.safeParse(l).success);
        if (bad.length) err('links', `chỉ nhận địa chỉ bắt đầu bằng http:// hoặc https:// (sai: ${bad.slice(0, 3).join(', ')})`);
        else if (links.length > 20) err('links', 'nhiều nhất 20 địa chỉ');
        else c.links = [...new Set(links)];
      }
      if (unit) {
        // The API's checks too; a column already reported for this row is not reported twice.
        const reported = new Set(issues.items.slice(before).map((i) => i.field));
        for (const i of await this.service.checkContent(scope, this.db, c, { complete: true, lookups })) {
          const col = FIELD_COLUMN[i.field];
          const field = col ? header(col) : '';
          if (!reported.has(field)) issues.add(r.row, field, i.message);
        }
      }
      items.push({ row: r.row, content: c });
    }
    if (issues.length) throw importInvalid(issues.items);
    if (o.dryRun) return { created: items.length, submitted: o.submit, ids: [], errors: [] };
    const ids = await tx(this.db, (trx) => this.service.insertMany(trx, scope, ctx, items.map((i) => i.content), { submit: o.submit, source: upload.filename }));
    return { created: ids.length, submitted: o.submit, ids, errors: [] };
  }
}
