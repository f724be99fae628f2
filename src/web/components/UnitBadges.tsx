import { formatDate, todayIso } from '../lib/format';
import type { Unit } from '../lib/types';
import { StatusBadge } from './common';

export function UnitBadges({ unit, asOf }: { unit: Unit; asOf?: string }) {
  const closed = !unit.active && !!unit.validTo && unit.validTo < (asOf ?? todayIso());
  return (
    <>
      {closed ? <StatusBadge tone="gray">Đã kết thúc {formatDate(unit.validTo)}</StatusBadge> : null}
      {!unit.active && !closed ? (
        <StatusBadge tone="gray">
          {unit.validFrom && unit.validFrom > (asOf ?? todayIso())
            ? `Hoạt động từ ${formatDate(unit.validFrom)}`
            : 'Không hoạt động'}
        </StatusBadge>
      ) : null}
      {unit.readOnly ? <StatusBadge tone="yellow">Chỉ xem lịch sử</StatusBadge> : null}
    </>
  );
}
