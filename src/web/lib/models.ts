// Good models and exemplary people (mô hình hay, gương điển hình): types and queries of /api/models.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { BadgeTone } from '../components/common';
import { api, request } from './api';
import type { NewsImage } from './news';
import type { Paged } from './types';

export type ModelKind = 'model' | 'person';
export type ModelStatus = 'draft' | 'submitted' | 'accepted' | 'returned' | 'rejected';

export const MODEL_STATUS_TONES: Record<ModelStatus, BadgeTone> = {
  draft: 'gray',
  submitted: 'orange',
  accepted: 'green',
  returned: 'yellow',
  rejected: 'red',
};

export interface Commendation {
  form: string;
  docNumber: string;
  docDate: string;
}

export interface ModelSummary {
  id: string;
  unitId: string;
  unitName: string;
  kind: ModelKind;
  kindLabel: string;
  field: string;
  fieldLabel: string;
  name: string;
  slug: string;
  place: string;
  summary: string;
  year: number;
  status: ModelStatus;
  statusLabel: string;
  isPublic: boolean;
  publicUrl: string | null;
  submittedAt: string | null;
  updatedAt: string;
  photo: NewsImage | null;
}

export interface ModelDetail extends Omit<ModelSummary, 'photo'> {
  description: string;
  achievements: string[];
  commendation: Commendation | null;
  reviewComment: string | null;
  reviewerUnitId: string | null;
  reviewerUnitName: string | null;
  reviewedAt: string | null;
  publishedAt: string | null;
  photos: NewsImage[];
  stories: { id: string; title: string; publicUrl: string | null }[];
  createdAt: string;
  version: number;
  can: { edit: boolean; submit: boolean; review: boolean; setPublic: boolean; commend: boolean; delete: boolean };
}

export interface ModelEvent {
  id: string;
  kind: string;
  label: string;
  comment: string | null;
  userName: string | null;
  actingUnitName: string | null;
  at: string;
}

export interface ModelCatalogue {
  kinds: { key: ModelKind; label: string }[];
  fields: { key: string; label: string }[];
  statuses: { key: ModelStatus; label: string }[];
}

export interface ModelListQuery {
  unitId?: string;
  status?: string;
  kind?: string;
  field?: string;
  year?: number;
  search?: string;
  reviewable?: boolean;
  page: number;
  pageSize: number;
}

const enc = encodeURIComponent;
export const modelKey = (id: string) => ['model', id] as const;

export function useModelCatalogue() {
  return useQuery({
    queryKey: ['models-catalogue'],
    queryFn: ({ signal }) => api.get<ModelCatalogue>('/api/models/catalogue', undefined, signal),
    staleTime: 60 * 60_000,
  });
}

export function useModels(q: ModelListQuery) {
  return useQuery({
    queryKey: ['models', q],
    queryFn: ({ signal }) => api.get<Paged<ModelSummary>>('/api/models', { ...q, reviewable: q.reviewable ? 'true' : undefined }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useModel(id: string | undefined) {
  return useQuery({
    queryKey: modelKey(id ?? ''),
    queryFn: ({ signal }) => api.get<ModelDetail>(`/api/models/${enc(id ?? '')}`, undefined, signal),
    enabled: !!id,
  });
}

export function useModelHistory(id: string) {
  return useQuery({
    queryKey: ['model-history', id],
    queryFn: ({ signal }) => api.get<ModelEvent[]>(`/api/models/${enc(id)}/history`, undefined, signal),
  });
}

/** Adds a photo (multipart: alt and caption first, then the file); the server checks and resizes it. */
export function uploadModelPhoto(id: string, file: File, alt: string, caption: string): Promise<ModelDetail> {
  const form = new FormData();
  form.append('alt', alt);
  if (caption) form.append('caption', caption);
  form.append('file', file);
  return request<ModelDetail>(`/api/models/${enc(id)}/photos`, { method: 'POST', body: form });
}

export function statusTone(s: string): BadgeTone {
  return MODEL_STATUS_TONES[s as ModelStatus] ?? 'gray';
}
