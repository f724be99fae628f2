// Newsroom: article types, queries and helpers shared by the list, the editor and the home page.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ArticleDoc } from '../../shared/richtext';
import { api, request } from './api';
import type { Me, Paged } from './types';

export type ArticleStatus = 'draft' | 'submitted' | 'approved' | 'scheduled' | 'published' | 'unpublished';

export const ARTICLE_STATUSES: { value: ArticleStatus; label: string; tone: 'gray' | 'orange' | 'blue' | 'yellow' | 'green' | 'red' }[] = [
  { value: 'draft', label: 'Nháp', tone: 'gray' },
  { value: 'submitted', label: 'Chờ duyệt', tone: 'orange' },
  { value: 'approved', label: 'Đã duyệt', tone: 'blue' },
  { value: 'scheduled', label: 'Hẹn giờ đăng', tone: 'yellow' },
  { value: 'published', label: 'Đã đăng', tone: 'green' },
  { value: 'unpublished', label: 'Đã gỡ', tone: 'red' },
];

export const statusInfo = (s: string) => ARTICLE_STATUSES.find((x) => x.value === s) ?? { value: s as ArticleStatus, label: s, tone: 'gray' as const };

export interface NewsImage {
  id: string;
  unitId: string;
  alt: string;
  caption: string | null;
  width: number;
  height: number;
  urls: { w400: string; w800: string; w1200: string; jpeg: string };
  previewUrl: string;
}

export interface ArticleCan {
  edit: boolean;
  submit: boolean;
  approve: boolean;
  returnToDraft: boolean;
  publish: boolean;
  schedule: boolean;
  unschedule: boolean;
  unpublish: boolean;
  delete: boolean;
  comment: boolean;
}

export interface ArticleSummary {
  id: string;
  unitId: string;
  unitName: string;
  categoryId: string;
  categoryName: string;
  slug: string;
  title: string;
  sapo: string;
  status: ArticleStatus;
  statusLabel: string;
  featured: boolean;
  coverImageId: string | null;
  authorId: string | null;
  authorName: string | null;
  updatedAt: string;
  scheduledAt: string | null;
  publishedAt: string | null;
  publicUrl: string | null;
  version: number;
}

export interface Article extends ArticleSummary {
  campaignId: string | null;
  body: ArticleDoc;
  coverImage: NewsImage | null;
  coverCaption: string | null;
  byline: string | null;
  tags: string[];
  topics: { id: string; title: string }[];
  createdAt: string;
  submittedAt: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
  contentUpdatedAt: string | null;
  unpublishedAt: string | null;
  can: ArticleCan;
}

export interface NewsCategory {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  sort: number;
}

export interface ArticleComment {
  id: string;
  kind: string;
  body: string;
  userId: string | null;
  userName: string | null;
  createdAt: string;
}

export interface RevisionSummary {
  revision: number;
  status: string;
  reason: string;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
}

export interface RevisionDiff {
  from: number;
  to: number;
  fields: { field: string; label: string; before: unknown; after: unknown }[];
  lines: { op: 'same' | 'add' | 'del'; text: string }[];
}

export interface ArticleListQuery {
  status?: string;
  unitId?: string;
  categoryId?: string;
  search?: string;
  mine?: boolean;
  page: number;
  pageSize: number;
}

export const articleKey = (id: string) => ['news-article', id] as const;
const enc = encodeURIComponent;

export function useArticles(q: ArticleListQuery) {
  return useQuery({
    queryKey: ['news-articles', q],
    queryFn: ({ signal }) =>
      api.get<Paged<ArticleSummary>>('/api/news/articles', { ...q, mine: q.mine ? 'true' : undefined }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useArticle(id: string) {
  return useQuery({
    queryKey: articleKey(id),
    queryFn: ({ signal }) => api.get<Article>(`/api/news/articles/${enc(id)}`, undefined, signal),
  });
}

export function useNewsCategories() {
  return useQuery({
    queryKey: ['news-categories'],
    queryFn: ({ signal }) => api.get<NewsCategory[]>('/api/news/categories', undefined, signal),
    staleTime: 10 * 60_000,
  });
}

export function useArticleComments(id: string) {
  return useQuery({
    queryKey: ['news-comments', id],
    queryFn: ({ signal }) => api.get<ArticleComment[]>(`/api/news/articles/${enc(id)}/comments`, undefined, signal),
  });
}

export function useRevisions(id: string) {
  return useQuery({
    queryKey: ['news-revisions', id],
    queryFn: ({ signal }) => api.get<RevisionSummary[]>(`/api/news/articles/${enc(id)}/revisions`, undefined, signal),
  });
}

export function useRevisionDiff(id: string, rev: number | null, against?: number | null) {
  return useQuery({
    queryKey: ['news-diff', id, rev, against ?? null],
    enabled: rev !== null,
    queryFn: ({ signal }) =>
      api.get<RevisionDiff>(`/api/news/articles/${enc(id)}/revisions/${rev}/diff`, { against: against ?? undefined }, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Uploads an image for an article (multipart: file, alt, caption, unitId); the server makes the sizes. */
export function uploadNewsImage(file: File, alt: string, caption: string, unitId?: string): Promise<NewsImage> {
  const form = new FormData();
  // Text fields first: the server reads the parts in order.
  form.append('alt', alt);
  if (caption) form.append('caption', caption);
  if (unitId) form.append('unitId', unitId);
  form.append('file', file);
  return request<NewsImage>('/api/news/images', { method: 'POST', body: form });
}

/** A leader acting for a unit: the person who approves its news (news.policy.ts on the server). */
export function isNewsApprover(me: Me): boolean {
  return me.grants.some((g) => g.current && g.unitId === me.actingUnitId && (g.role === 'leader' || g.role === 'admin'));
}

/** Wall-clock date ('YYYY-MM-DD') and time ('HH:mm') in Việt Nam → ISO with the +07:00 offset. */
export function vnDateTimeToIso(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{1,2}:\d{2}$/.test(time)) return null;
  const [h, m] = time.split(':').map(Number);
  if (h > 23 || m > 59) return null;
  return `${date}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+07:00`;
}

/** Now plus `minutes`, as Việt Nam wall-clock date and time (for the schedule form's defaults). */
export function vnNowPlus(minutes: number): { date: string; time: string } {
  const d = new Date(Date.now() + minutes * 60_000 + 7 * 3600_000).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16) };
}

/** Copies text, with a fallback for pages not served over https (no Clipboard API there). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
