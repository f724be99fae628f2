// Report status in words and colour, and "Đúng hạn / Trễ hạn" for a submission.
import { StatusBadge } from '../../components/common';
import { REPORT_STATUS_TONES, TARGET_STATUS_LABELS, type TargetStatus } from '../../lib/reports';

export function ReportStatusBadge({ status }: { status: TargetStatus }) {
  return <StatusBadge tone={REPORT_STATUS_TONES[status] ?? 'gray'}>{TARGET_STATUS_LABELS[status] ?? status}</StatusBadge>;
}

/** "Trễ hạn" (submitted late, or not submitted past the deadline); "Đúng hạn" for a submission in time when asked. */
export function LateBadge({ late, submitted, showOnTime = false }: { late: boolean; submitted: boolean; showOnTime?: boolean }) {
  if (late) return <StatusBadge tone="red">Trễ hạn</StatusBadge>;
  if (submitted && showOnTime) return <StatusBadge tone="green">Đúng hạn</StatusBadge>;
  return null;
}
