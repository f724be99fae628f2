// Periodic reports and report requests (docs/api-reports.md): types, Vietnamese labels, period helpers, queries.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { RichDoc } from '../../shared/richtext';
import { api } from './api';
import type { Paged } from './types';

export type ReportPeriodKind = 'month' | 'quarter' | 'half' | 'year' | 'custom';
export type ReportStatus = 'draft' | 'submitted' | 'accepted' | 'returned';
export type CompileMode = 'activities' | 'with_subunit_reports';
export type SectionKey = 'I' | 'II' | 'III' | 'IV' | 'V';
export type TargetStatus = 'not_started' | ReportStatus;

export interface ReportCan {
  edit: boolean;
  submit: boolean;
  delete: boolean;
  accept: boolean;
  return: boolean;
  export: boolean;
}

export interface PeriodicReport {
  id: string;
  unitId: string;
  unitName: string;
  campaignId: string | null;
  campaignName: string | null;
  requestId: string | null;
  periodKind: ReportPeriodKind;
  periodYear: number;
  periodIndex: number;
  periodFrom: string;
  periodTo: string;
  cutoffDay: number;
  periodLabel: string;
  title: string;
  subject: string;
  numberText: string | null;
  docDate: string | null;
  place: string;
  status: ReportStatus;
  statusLabel: string;
  deadline: string | null;
  submittedAt: string | null;
  late: boolean;
  reviewedAt: string | null;
  reviewedByName: string | null;
  returnComment: string | null;
  compileMode: CompileMode;
  createdAt: string;
  updatedAt: string;
  version: number;
  can: ReportCan;
}

export type Totals = Record<string, number>;

export interface FigureRow {
  key: string;
  label: string;
  values: Totals;
}

export interface Measure {
  key: string;
  label: string;
  unit: string;
  group: string;
}

export interface ReportFigures {
  frozenAt: string | null;
  filter: {
    unitId: string;
    from: string;
    to: string;
    asOf: string;
    campaignId: string | null;
    cutoffDay: number;
    unitGrouping: 'as_of_period';
  };
  totals: Totals;
  byForm: FigureRow[];
  byUnit: FigureRow[];
  byMonth: FigureRow[];
  measures: Measure[];
}

export interface ReportSection {
  key: SectionKey;
  heading: string;
  content: RichDoc;
}

export interface ReportSigner {
  mode: 'TM' | 'KT' | '';
  authority: string;
  position: string;
  name: string;
}

export interface ReportHeader {
  parentBody: string;
  bodyName: string;
  issuer: string;
}

export interface SubunitReport {
  id: string;
  unitId: string;
  unitName: string;
  status: ReportStatus;
  numberText: string | null;
  submittedAt: string | null;
  late: boolean;
}

export interface ReportHistoryEntry {
  kind: string;
  comment: string | null;
  userName: string | null;
  at: string;
}

export interface ReportDetail extends PeriodicReport {
  header: ReportHeader;
  symbol?: string;
  sections: ReportSection[];
  recipients: string[];
  archiveLine: string;
  signer: ReportSigner;
  figures: ReportFigures;
  subunitReports: SubunitReport[];
  history: ReportHistoryEntry[];
}

export interface RequestTarget {
  unitId: string;
  unitName: string;
  reportId: string | null;
  status: TargetStatus;
  statusLabel: string;
  numberText?: string | null;
  submittedAt: string | null;
  late: boolean;
}

export interface ReportRequest {
  id: string;
  unitId: string;
  unitName: string;
  campaignId: string | null;
  campaignName?: string | null;
  periodKind: ReportPeriodKind;
  periodYear: number;
  periodIndex: number;
  periodFrom: string;
  periodTo: string;
  cutoffDay: number;
  periodLabel: string;
  title?: string;
  deadline: string;
  note: string | null;
  createdAt: string;
  targets: RequestTarget[];
  counts: { total: number; submitted: number; onTime: number; late: number; accepted: number; notStarted: number };
}

export interface PeriodPreview {
  from: string;
  to: string;
  label: string;
}

/** The period part of a create body (report or request). */
export interface PeriodInput {
  periodKind: ReportPeriodKind;
  year: number;
  index?: number;
  from?: string;
  to?: string;
  cutoffDay?: number;
}

// ---------------------------------------------------------------- labels

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  draft: 'Nháp',
  submitted: 'Đã gửi',
  accepted: 'Đã tiếp nhận',
  returned: 'Bị trả lại',
};

export const REPORT_STATUS_TONES: Record<TargetStatus, 'gray' | 'yellow' | 'blue' | 'green' | 'orange' | 'red'> = {
  not_started: 'gray',
  draft: 'gray',
  submitted: 'blue',
  accepted: 'green',
  returned: 'orange',
};

export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = {
  not_started: 'Chưa lập',
  ...REPORT_STATUS_LABELS,
};

export const PERIOD_KIND_OPTIONS: { value: ReportPeriodKind; label: string }[] = [
  { value: 'month', label: 'Tháng' },
  { value: 'quarter', label: 'Quý' },
  { value: 'half', label: '6 tháng' },
  { value: 'year', label: 'Năm' },
  { value: 'custom', label: 'Tùy chọn' },
];

export const COMPILE_MODE_OPTIONS: { value: CompileMode; label: string; description: string }[] = [
  {
    value: 'activities',
    label: 'Từ hoạt động đã báo cáo',
    description: 'Số liệu lấy từ các hoạt động tuyên truyền của đơn vị và các đơn vị trực thuộc.',
  },
  {
    value: 'with_subunit_reports',
    label: 'Tổng hợp kèm báo cáo của đơn vị cấp dưới',
    description: 'Như trên, phần II có thêm tóm tắt từng báo cáo đã tiếp nhận của đơn vị cấp dưới.',
  },
];

const ROMAN = ['I', 'II', 'III', 'IV'];

/** Options of the period number for a kind: "Tháng 11", "Quý IV", "6 tháng đầu năm". */
export function periodIndexOptions(kind: ReportPeriodKind): { value: string; label: string }[] {
  if (kind === 'month') return Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `Tháng ${i + 1}` }));
  if (kind === 'quarter') return ROMAN.map((r, i) => ({ value: String(i + 1), label: `Quý ${r}` }));
  if (kind === 'half')
    return [
      { value: '1', label: '6 tháng đầu năm' },
      { value: '2', label: '6 tháng cuối năm' },
    ];
  return [];
}

/** The period containing a date ('YYYY-MM-DD') for a kind: its year and index. */
export function periodOf(kind: ReportPeriodKind, iso: string): { year: number; index: number } {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  if (kind === 'month') return { year, index: month };
  if (kind === 'quarter') return { year, index: Math.ceil(month / 3) };
  if (kind === 'half') return { year, index: month <= 6 ? 1 : 2 };
  return { year, index: 1 };
}

/** "Số 12/BC-MTTQ-BTT" or "Dự thảo". */
export function reportNumber(r: { numberText: string | null }): string {
  return r.numberText ? `Số ${r.numberText}` : 'Chưa có số';
}

/** Vietnamese thousands separators: 12.345. */
export function vnNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  return new Intl.NumberFormat('vi-VN').format(n);
}

// ---------------------------------------------------------------- queries

export const reportKey = (id: string) => ['report', id] as const;
export const requestKey = (id: string) => ['report-request', id] as const;

export interface ReportListQuery {
  unitId?: string;
  includeSubunits?: boolean;
  status?: ReportStatus;
  year?: number;
  periodKind?: ReportPeriodKind;
  requestId?: string;
  reviewable?: boolean;
  page?: number;
  pageSize?: number;
}

export function useReports(q: ReportListQuery, enabled = true) {
  return useQuery({
    queryKey: ['reports', q],
    queryFn: ({ signal }) => api.get<Paged<PeriodicReport>>('/api/reports', { ...q }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useReport(id: string | undefined) {
  return useQuery({
    queryKey: reportKey(id ?? ''),
    queryFn: ({ signal }) => api.get<ReportDetail>(`/api/reports/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: !!id,
  });
}

export function useReportRequests(q: { role: 'sent' | 'received'; unitId?: string; page?: number; pageSize?: number }, enabled = true) {
  return useQuery({
    queryKey: ['report-requests', q],
    queryFn: ({ signal }) => api.get<Paged<ReportRequest>>('/api/report-requests', { ...q }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useReportRequest(id: string | undefined) {
  return useQuery({
    queryKey: requestKey(id ?? ''),
    queryFn: ({ signal }) => api.get<ReportRequest>(`/api/report-requests/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: !!id,
  });
}

/** Query of the period preview for a period input (null while incomplete). */
export function periodQuery(p: PeriodInput): Record<string, string | number> | null {
  if (!p.year) return null;
  const q: Record<string, string | number> = { kind: p.periodKind, year: p.year };
  if (p.periodKind === 'custom') {
    if (!p.from || !p.to) return null;
    q.from = p.from;
    q.to = p.to;
  } else if (p.periodKind !== 'year') {
    if (!p.index) return null;
    q.index = p.index;
  }
  if (p.cutoffDay) q.cutoffDay = p.cutoffDay;
  return q;
}

export function usePeriodPreview(p: PeriodInput) {
  const q = periodQuery(p);
  return useQuery({
    queryKey: ['report-period', q],
    queryFn: ({ signal }) => api.get<PeriodPreview>('/api/reports/period', q ?? undefined, signal),
    enabled: !!q,
    placeholderData: keepPreviousData,
    staleTime: 10 * 60_000,
  });
}

/** The body fields of a period input, as the API takes them. */
export function periodBody(p: PeriodInput): PeriodInput {
  const out: PeriodInput = { periodKind: p.periodKind, year: p.year };
  if (p.periodKind === 'custom') {
    out.from = p.from;
    out.to = p.to;
  } else if (p.periodKind !== 'year') out.index = p.index;
  if (p.cutoffDay) out.cutoffDay = p.cutoffDay;
  return out;
}
