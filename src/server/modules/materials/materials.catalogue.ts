import type { FileKind } from '../../platform/files.js';

/** Kinds of propaganda material, their Vietnamese labels and the file types each accepts (by content). */
export const MATERIAL_KINDS = ['document', 'infographic', 'slides', 'leaflet', 'qa', 'audio'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

export const MATERIAL_KIND_LABELS: Record<MaterialKind, string> = {
  document: 'Tài liệu',
  infographic: 'Infographic',
  slides: 'Bài trình chiếu',
  leaflet: 'Tờ rơi',
  qa: 'Hỏi - đáp',
  audio: 'Âm thanh',
};

export const MATERIAL_FILE_KINDS: Record<MaterialKind, readonly FileKind[]> = {
  document: ['pdf', 'docx', 'xlsx'],
  infographic: ['png', 'jpeg', 'webp', 'pdf'],
  slides: ['pptx', 'pdf'],
  leaflet: ['pdf', 'png', 'jpeg', 'webp', 'docx'],
  qa: ['pdf', 'docx'],
  audio: ['mp3', 'm4a'],
};

export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const VISIBILITY_LABELS: Record<Visibility, string> = { public: 'Công khai', internal: 'Nội bộ' };

/** The downloads of people not signed in count under this key, shown as "Người dân". */
export const PUBLIC_DOWNLOADER = 'public';
export const PUBLIC_DOWNLOADER_LABEL = 'Người dân';
