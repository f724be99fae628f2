// Online contests (organisers): types of docs/api-contests.md, queries, mutations and the file download helper.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ApiError, api, type Query } from './api';
import type { Paged } from './types';

// ---------------------------------------------------------------- types

export type QuestionStatus = 'draft' | 'approved' | 'archived';
export type QuestionKind = 'single' | 'multiple';

export interface Question {
  id: string;
  unitId: string;
  campaignId: string | null;
  kind: QuestionKind;
  text: string;
  options: { id: string; text: string }[];
  correct: number[];
  explanation: string | null;
  difficulty: number;
  topicId: string | null;
  topicTitle: string | null;
  status: QuestionStatus;
  statusLabel: string;
  answered: number;
  answeredCorrectly: number;
  correctRate: number | null;
  /** The latest reviewer's comment (why the question was returned or archived), or null. */
  reviewComment: ReviewComment | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ReviewComment {
  text: string;
  byUserId: string | null;
  byName: string | null;
  at: string;
}

export interface QuestionInput {
  campaignId?: string | null;
  kind: QuestionKind;
  text: string;
  options: string[];
  correct: number[];
  explanation?: string | null;
  difficulty: number;
  topicId?: string | null;
}

export type RoundState = 'upcoming' | 'open' | 'closed';

export interface Round {
  id: string;
  no: number;
  title: string;
  opensAt: string;
  closesAt: string;
  predictionQuestion: string;
  actualValue: number | null;
  frozenAt: string | null;
  state: RoundState;
}

export type PrizeKind = 'individual' | 'unit' | 'referral';
export interface Prize {
  label: string;
  count: number;
  kind: PrizeKind;
}
export interface Quota {
  topicId: string;
  count: number;
}

export type ContestStatus = 'draft' | 'open' | 'closed';

export interface Contest {
  id: string;
  unitId: string;
  unitName: string;
  campaignId: string | null;
  slug: string;
  title: string;
  rules: string;
  status: ContestStatus;
  statusLabel: string;
  questionsPerAttempt: number;
  quotas: Quota[];
  timeLimitMinutes: number;
  graceSeconds: number;
  attemptsPerRound: number;
  areaUnitId: string;
  areaUnitName: string;
  prizes: Prize[];
  retentionDays: number;
  rounds: Round[];
  publicUrl: string;
  version: number;
}

export interface ContestSettings {
  title: string;
  slug?: string;
  rules: string;
  campaignId?: string | null;
  questionsPerAttempt: number;
  quotas: Quota[];
  timeLimitMinutes: number;
  graceSeconds: number;
  attemptsPerRound: number;
  areaUnitId?: string;
  prizes: Prize[];
  retentionDays: number;
}

/** Statistics; with `roundId` the headline counts, wards, days and the two breakdowns are for that round. */
export interface ContestStats {
  contestId: string;
  /** Whole contest: verified registrations; one round: people who took part in it. */
  participants: number;
  attempts: number;
  submitted: number;
  byRound: { roundId: string; no: number; participants: number; attempts: number }[];
  byUnit: { unitId: string; unitName: string; participants: number; attempts: number; per1000: number | null }[];
  byDay: { day: string; attempts: number }[];
  roundId: string | null;
  byOrganisation: { orgUnitId: string | null; orgName: string; participants: number; attempts: number }[];
  unitLeaderboard: { rank: number; unitId: string; unitName: string; participants: number; attempts: number; population: number | null; per1000: number | null }[];
}

export interface RankingRow {
  rank: number;
  participantId: string;
  name: string;
  phone: string;
  unitName: string;
  correct: number;
  prediction: number | null;
  predictionGap: number | null;
  timeUsedSeconds: number;
  submittedAt: string;
}

export interface Ranking {
  roundId: string;
  roundNo: number;
  frozen: boolean;
  actualValue: number | null;
  participants: number;
  rows: RankingRow[];
}

// ---------------------------------------------------------------- labels

export const CONTEST_STATUS: Record<ContestStatus, { label: string; tone: 'gray' | 'green' | 'blue' }> = {
  draft: { label: 'Đang soạn', tone: 'gray' },
  open: { label: 'Đang diễn ra', tone: 'green' },
  closed: { label: 'Đã kết thúc', tone: 'blue' },
};

export const ROUND_STATE: Record<RoundState, { label: string; tone: 'gray' | 'green' | 'blue' }> = {
  upcoming: { label: 'Sắp mở', tone: 'gray' },
  open: { label: 'Đang mở', tone: 'green' },
  closed: { label: 'Đã đóng', tone: 'blue' },
};

export const QUESTION_STATUS: { value: QuestionStatus; label: string; tone: 'orange' | 'green' | 'gray' }[] = [
  { value: 'draft', label: 'Chờ duyệt', tone: 'orange' },
  { value: 'approved', label: 'Đã duyệt', tone: 'green' },
  { value: 'archived', label: 'Lưu trữ', tone: 'gray' },
];

export const DIFFICULTY: { value: string; label: string }[] = [
  { value: '1', label: 'Dễ' },
  { value: '2', label: 'Trung bình' },
  { value: '3', label: 'Khó' },
];
export const difficultyLabel = (d: number) => DIFFICULTY.find((x) => x.value === String(d))?.label ?? String(d);

export const PRIZE_KINDS: { value: PrizeKind; label: string }[] = [
  { value: 'individual', label: 'Cá nhân' },
  { value: 'unit', label: 'Tập thể (phường, xã)' },
  { value: 'referral', label: 'Người chia sẻ cuộc thi' },
];

/** A–F for the options of a question. */
export const optionLetter = (i: number) => String.fromCharCode(65 + i);

/** Minutes and seconds: 754.3 → "12 phút 34 giây". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m ? `${m} phút ${String(s % 60).padStart(2, '0')} giây` : `${s} giây`;
}

// ---------------------------------------------------------------- queries

const enc = encodeURIComponent;
export const contestKey = (id: string) => ['contest', id] as const;

export function useContests(unitId: string | null | undefined) {
  return useQuery({
    queryKey: ['contests', unitId ?? ''],
    queryFn: ({ signal }) => api.get<{ items: Contest[]; total: number }>('/api/contests', { unitId: unitId ?? undefined }, signal),
  });
}

export function useContest(id: string | undefined) {
  return useQuery({
    queryKey: contestKey(id ?? ''),
    queryFn: ({ signal }) => api.get<Contest>(`/api/contests/${enc(id ?? '')}`, undefined, signal),
    enabled: !!id,
  });
}

export function useContestStats(id: string | undefined, roundId: string | null, opts: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['contest-stats', id ?? '', roundId ?? ''],
    queryFn: ({ signal }) => api.get<ContestStats>(`/api/contests/${enc(id ?? '')}/stats`, { roundId: roundId ?? undefined }, signal),
    enabled: !!id,
    placeholderData: keepPreviousData,
    refetchInterval: opts.refetchInterval,
  });
}

export function useRanking(roundId: string | null, limit = 50) {
  return useQuery({
    queryKey: ['contest-ranking', roundId ?? '', limit],
    queryFn: ({ signal }) => api.get<Ranking>(`/api/contest-rounds/${enc(roundId ?? '')}/ranking`, { limit }, signal),
    enabled: !!roundId,
  });
}

export interface QuestionListQuery {
  status?: string;
  topicId?: string;
  /** 1–3, filtered by the server (totals and paging follow). */
  difficulty?: string;
  search?: string;
  page: number;
  pageSize: number;
}

export function useQuestions(q: QuestionListQuery) {
  return useQuery({
    queryKey: ['contest-questions', q],
    queryFn: ({ signal }) => api.get<Paged<Question>>('/api/contest-questions', q as unknown as Query, signal),
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------- file downloads

/** Filename from Content-Disposition (RFC 5987 `filename*=UTF-8''…` first, then `filename="…"`). */
export function dispositionFilename(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1].trim() : fallback;
}

/**
 * Downloads a file produced by the API. A refusal (4xx/5xx) becomes an ApiError carrying the server's
 * Vietnamese message, whether it is in the usual `{ error: { message } }` envelope or a bare `{ message }`.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'Không kết nối được máy chủ. Hãy kiểm tra kết nối mạng rồi thử lại.');
  }
  if (!res.ok) {
    let message = res.status === 404 ? 'Chưa có tệp kết quả cho tuần thi này.' : 'Không tải được tệp. Hãy thử lại sau ít phút.';
    let code = `http_${res.status}`;
    try {
      const data = (await res.json()) as { message?: string; error?: string | { code?: string; message?: string } };
      if (data.error && typeof data.error === 'object') {
        message = data.error.message ?? message;
        code = data.error.code ?? code;
      } else if (data.message) {
        message = data.message;
        if (typeof data.error === 'string') code = data.error;
      }
    } catch {
      /* not JSON: keep the default message */
    }
    throw new ApiError(res.status, code, message);
  }
  const blob = await res.blob();
  const name = dispositionFilename(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
  return name;
}
