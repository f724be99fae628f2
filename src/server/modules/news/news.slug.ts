import { foldVietnamese } from '../../platform/validation.js';

/** "Ngày hội Bình dân học vụ số ở Đà Nẵng" → "ngay-hoi-binh-dan-hoc-vu-so-o-da-nang" (diacritics removed, đ → d). */
export function slugify(s: string, max = 100): string {
  let slug = foldVietnamese(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > max) {
    slug = slug.slice(0, max);
    const cut = slug.lastIndexOf('-');
    if (cut > max / 2) slug = slug.slice(0, cut);
    slug = slug.replace(/-+$/, '');
  }
  return slug;
}

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The slug of a unit's sub-site: its name without the "Ủy ban MTTQ Việt Nam" prefix ("phuong-tam-ky"). */
export function unitSiteSlug(name: string): string {
  const short = name.replace(/^Ủy ban (MTTQ|Mặt trận Tổ quốc) Việt Nam\s+/i, '').trim();
  return slugify(short || name, 80) || 'don-vi';
}
