// Filters of the dashboard: unit, campaign, period (preset + year/index or custom dates), cut-off day, unit grouping.
import { Group, Paper, Radio, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { DateField } from '../../components/DateField';
import { UnitSelect } from '../../components/UnitSelect';
import { useCurrentMe } from '../../lib/auth';
import {
  currentQuarter,
  type DashboardFilter,
  type DashboardFilterEcho,
  PERIOD_INDEX_MAX,
  type PeriodKind,
  type UnitGrouping,
} from '../../lib/dashboard';
import { useCampaigns } from '../../lib/plans';
import type { Unit } from '../../lib/types';
import { buildTree, descendantIds, useUnits } from '../../lib/units';

const PERIODS: { value: PeriodKind; label: string }[] = [
  { value: 'month', label: 'Tháng' },
  { value: 'quarter', label: 'Quý' },
  { value: 'half', label: '6 tháng' },
  { value: 'year', label: 'Năm' },
  { value: 'custom', label: 'Tùy chọn' },
];

const ROMAN = ['I', 'II', 'III', 'IV'];

/** A change of the filter: fields to set, or a function of the filter as it is when the change applies. */
export type FilterPatch = Partial<DashboardFilter> | ((current: DashboardFilter) => Partial<DashboardFilter>);

function indexOptions(period: PeriodKind): { value: string; label: string }[] {
  if (period === 'month') return Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `Tháng ${i + 1}` }));
  if (period === 'quarter') return ROMAN.map((r, i) => ({ value: String(i + 1), label: `Quý ${r}` }));
  if (period === 'half')
    return [
      { value: '1', label: '6 tháng đầu năm' },
      { value: '2', label: '6 tháng cuối năm' },
    ];
  return [];
}

const CUTOFF_OPTIONS = [
  { value: '1', label: 'Ngày 1 (theo tháng dương lịch)' },
  ...Array.from({ length: 27 }, (_, i) => ({
    value: String(i + 2),
    label: `Ngày ${i + 2} (kỳ tháng từ ngày ${i + 2} tháng trước)`,
  })),
];

export function DashboardFilters({
  filter,
  echo,
  onChange,
}: {
  filter: DashboardFilter;
  echo: DashboardFilterEcho | undefined;
  onChange: (patch: FilterPatch) => void;
}) {
  const me = useCurrentMe();
  const campaigns = useCampaigns();
  const units = useUnits();
  const set = (patch: Partial<DashboardFilter>) => onChange(patch);

  // The acting unit and everything under it.
  const allowed = useMemo(() => {
    if (!units.data || !me.actingUnitId) return null;
    return descendantIds(buildTree(units.data), me.actingUnitId);
  }, [units.data, me.actingUnitId]);
  const filterUnit = useMemo(() => (allowed ? (u: Unit) => allowed.has(u.id) : undefined), [allowed]);

  const thisYear = currentQuarter().year;
  const years = useMemo(() => {
    const list: { value: string; label: string }[] = [];
    for (let y = thisYear + 1; y >= Math.min(2024, filter.year); y--) list.push({ value: String(y), label: `Năm ${y}` });
    return list;
  }, [thisYear, filter.year]);

  const campaignOptions = [
    ...(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name })),
    { value: 'all', label: 'Tất cả chương trình' },
  ];

  const changePeriod = (value: string) => {
    const period = value as PeriodKind;
    onChange((cur) => {
      if (period === 'custom') return { period, from: cur.from ?? echo?.from ?? null, to: cur.to ?? echo?.to ?? null };
      // Keep the same moment: month 5 → quarter II → first half.
      const month =
        cur.period === 'month'
          ? cur.index
          : cur.period === 'quarter'
            ? (cur.index - 1) * 3 + 1
            : cur.period === 'half'
              ? (cur.index - 1) * 6 + 1
              : cur.period === 'custom' && cur.from
                ? Number(cur.from.slice(5, 7))
                : 1;
      const index =
        period === 'month' ? month : period === 'quarter' ? Math.ceil(month / 3) : period === 'half' ? (month <= 6 ? 1 : 2) : 1;
      const year = cur.period === 'custom' && cur.from ? Number(cur.from.slice(0, 4)) : cur.year;
      return { period, year, index: Math.min(index, PERIOD_INDEX_MAX[period]) };
    });
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} className="lt-dash-filters" component="section" aria-label="Bộ lọc số liệu">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <UnitSelect
            label="Đơn vị"
            description="Đơn vị và các đơn vị trực thuộc"
            value={filter.unitId ?? me.actingUnitId}
            onChange={(v) => set({ unitId: v && v !== me.actingUnitId ? v : null })}
            filterUnit={filterUnit}
            clearable={false}
          />
          <Select
            label="Chương trình, chiến dịch"
            description="Chỉ tiêu và độ phủ nội dung theo chương trình"
            data={campaignOptions}
            value={filter.campaignId ?? echo?.campaignId ?? null}
            onChange={(v) => set({ campaignId: v })}
            placeholder={campaigns.isPending ? 'Đang tải…' : 'Chọn chương trình'}
            comboboxProps={{ withinPortal: true }}
            allowDeselect={false}
          />
        </SimpleGrid>

        <Stack gap={4}>
          <Text size="sm" fw={500} id="dash-period">
            Kỳ số liệu
          </Text>
          <SegmentedControl
            aria-labelledby="dash-period"
            data={PERIODS}
            value={filter.period}
            onChange={changePeriod}
            fullWidth
            className="lt-dash-periods"
          />
        </Stack>

        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          {filter.period === 'custom' ? (
            <>
              <DateField
                label="Từ ngày"
                value={filter.from}
                onChange={(v) => set({ from: v })}
                error={filter.from && filter.to && filter.to < filter.from ? 'Từ ngày phải trước đến ngày' : undefined}
              />
              <DateField
                label="Đến ngày"
                value={filter.to}
                onChange={(v) => set({ to: v })}
                error={
                  filter.from && filter.to && filter.to < filter.from
                    ? 'Đến ngày phải sau từ ngày. Hãy chọn lại.'
                    : undefined
                }
              />
            </>
          ) : (
            <>
              <Select
                label="Năm"
                data={years}
                value={String(filter.year)}
                onChange={(v) => v && set({ year: Number(v) })}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
              {filter.period !== 'year' ? (
                <Select
                  label={filter.period === 'month' ? 'Tháng' : filter.period === 'quarter' ? 'Quý' : 'Nửa năm'}
                  data={indexOptions(filter.period)}
                  value={String(filter.index)}
                  onChange={(v) => v && set({ index: Number(v) })}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                />
              ) : null}
            </>
          )}
          {filter.period !== 'custom' ? (
            <Select
              label="Ngày chốt số liệu"
              data={CUTOFF_OPTIONS}
              value={String(filter.cutoffDay ?? echo?.cutoffDay ?? 1)}
              onChange={(v) => set({ cutoffDay: v ? Number(v) : null })}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          ) : null}
        </SimpleGrid>

        <Radio.Group
          label="Cách nhóm đơn vị"
          description="Khi đơn vị đã sắp xếp lại: gộp vào đơn vị hiện nay, hoặc giữ đơn vị cũ như lúc diễn ra hoạt động"
          value={filter.unitGrouping}
          onChange={(v) => set({ unitGrouping: v as UnitGrouping })}
        >
          <Group gap="lg" mt={6}>
            <Radio value="as_of_today" label="Theo đơn vị hiện nay" />
            <Radio value="as_of_period" label="Theo đơn vị tại thời điểm" />
          </Group>
        </Radio.Group>
      </Stack>
    </Paper>
  );
}
