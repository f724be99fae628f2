// Materials library (tài liệu tuyên truyền): types and queries of /api/materials.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { api, request } from './api';
import { type Campaign, flattenTopics, type TopicNode, useCampaigns } from './plans';
import type { Paged } from './types';

export type MaterialKind = 'document' | 'infographic' | 'slides' | 'leaflet' | 'qa' | 'audio';
export type Visibility = 'public' | 'internal';

export interface FileInfo {
  name: string;
  size: number;
  mime: string;
  typeLabel: string;
}

export interface MaterialSummary {
  id: string;
  unitId: string;
  unitName: string;
  kind: MaterialKind;
  kindLabel: string;
  title: string;
  description: string;
  visibility: Visibility;
  visibilityLabel: string;
  campaignId: string | null;
  topics: { id: string; title: string }[];
  currentVersion: number;
  file: FileInfo;
  downloads: number;
  archived: boolean;
  publicUrl: string | null;
  downloadUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface MaterialVersion {
  versionNo: number;
  file: FileInfo;
  note: string | null;
  createdAt: string;
  createdByName: string | null;
  downloadUrl: string;
}

export interface MaterialDetail extends MaterialSummary {
  versions: MaterialVersion[];
  can: { edit: boolean };
}

export interface DownloadStats {
  total: number;
  byUnit: { unitId: string | null; unitName: string; count: number; lastAt: string }[];
}

export interface MaterialCatalogue {
  kinds: { key: MaterialKind; label: string; fileTypes: string[] }[];
  visibilities: { key: Visibility; label: string }[];
  maxUploadBytes: number;
}

export interface MaterialListQuery {
  unitId?: string;
  kind?: string;
  topicId?: string;
  visibility?: string;
  search?: string;
  page: number;
  pageSize: number;
}

const enc = encodeURIComponent;
export const materialKey = (id: string) => ['material', id] as const;

export function useMaterialCatalogue() {
  return useQuery({
    queryKey: ['materials-catalogue'],
    queryFn: ({ signal }) => api.get<MaterialCatalogue>('/api/materials/catalogue', undefined, signal),
    staleTime: 60 * 60_000,
  });
}

export function useMaterials(q: MaterialListQuery) {
  return useQuery({
    queryKey: ['materials', q],
    queryFn: ({ signal }) => api.get<Paged<MaterialSummary>>('/api/materials', { ...q }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useMaterial(id: string) {
  return useQuery({
    queryKey: materialKey(id),
    queryFn: ({ signal }) => api.get<MaterialDetail>(`/api/materials/${enc(id)}`, undefined, signal),
  });
}

export function useDownloadStats(id: string) {
  return useQuery({
    queryKey: ['material-downloads', id],
    queryFn: ({ signal }) => api.get<DownloadStats>(`/api/materials/${enc(id)}/downloads`, undefined, signal),
  });
}

export interface TopicOptionGroup {
  group: string;
  items: { value: string; label: string }[];
}

/** A topic's label in a flat list: indented by depth, with its code. */
export function topicOptionLabel(topic: Pick<TopicNode, 'code' | 'title'>, depth: number): string {
  return `${'  '.repeat(depth)}${topic.code ? `${topic.code} ` : ''}${topic.title}`;
}

/**
 * The library's topic filter: the (non-archived) topics of every campaign the person can see, one group per
 * campaign — active campaigns first, then by name — since a material may carry the topics of any campaign.
 * Campaigns without topics are left out. Shares the topic-tree cache with `useTopics`.
 */
export function topicOptionGroups(campaigns: Campaign[], trees: (TopicNode[] | undefined)[]): TopicOptionGroup[] {
  return campaigns
    .map((c, i) => ({ c, items: flattenTopics(trees[i] ?? []).map(({ topic, depth }) => ({ value: topic.id, label: topicOptionLabel(topic, depth) })) }))
    .filter((g) => g.items.length > 0)
    .sort((a, b) => (a.c.status === b.c.status ? a.c.name.localeCompare(b.c.name, 'vi') : a.c.status === 'active' ? -1 : 1))
    .map(({ c, items }) => ({ group: c.status === 'active' ? c.name : `${c.name} (đã kết thúc)`, items }));
}

export function useLibraryTopicOptions(): TopicOptionGroup[] {
  const campaigns = useCampaigns().data ?? [];
  return useQueries({
    queries: campaigns.map((c) => ({
      queryKey: ['topics', c.id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<TopicNode[]>(`/api/campaigns/${enc(c.id)}/topics`, { includeArchived: false }, signal),
      staleTime: 5 * 60_000,
    })),
    combine: (results) => topicOptionGroups(campaigns, results.map((r) => r.data)),
  });
}

/** The workspace download of a version (counted for the acting unit). */
export function materialDownloadHref(id: string, versionNo?: number): string {
  return `/api/materials/${enc(id)}/download${versionNo ? `?version=${versionNo}` : ''}`;
}

/** Uploads a new material (multipart: text fields first, then the file). */
export function createMaterial(fields: Record<string, string>, file: File): Promise<MaterialDetail> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== '') form.append(k, v);
  form.append('file', file);
  return request<MaterialDetail>('/api/materials', { method: 'POST', body: form });
}

export function addMaterialVersion(id: string, file: File, note: string): Promise<MaterialDetail> {
  const form = new FormData();
  if (note.trim()) form.append('note', note.trim());
  form.append('file', file);
  return request<MaterialDetail>(`/api/materials/${enc(id)}/versions`, { method: 'POST', body: form });
}
