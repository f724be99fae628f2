// Small pieces shared by the newsroom pages.
import { StatusBadge } from '../../components/common';
import { statusInfo } from '../../lib/news';

/** The article's status in words (colour only repeats it). */
export function ArticleStatusBadge({ status }: { status: string }) {
  const s = statusInfo(status);
  return <StatusBadge tone={s.tone}>{s.label}</StatusBadge>;
}
