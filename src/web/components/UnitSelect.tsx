// Select (or multi-select) of units, ordered as the tree, searchable without diacritics.
import {
  type ComboboxItem,
  type ComboboxParsedItem,
  Group,
  MultiSelect,
  type MultiSelectProps,
  Select,
  type SelectProps,
  Text,
} from '@mantine/core';
import { useMemo } from 'react';
import { matchesSearch, todayIso } from '../lib/format';
import type { Unit } from '../lib/types';
import { buildTree, flattenTree, useUnits } from '../lib/units';

interface Options {
  asOf?: string;
  includeClosed?: boolean;
  exclude?: Set<string> | string[];
  filterUnit?: (u: Unit) => boolean;
}

function useUnitOptions({ asOf, includeClosed = false, exclude, filterUnit }: Options) {
  const { data, isPending, error } = useUnits(asOf ?? todayIso(), includeClosed);
  return useMemo(() => {
    const excluded = exclude instanceof Set ? exclude : new Set(exclude ?? []);
    const nodes = flattenTree(buildTree(data ?? []));
    const byId = new Map<string, { unit: Unit; depth: number }>();
    const items: ComboboxItem[] = [];
    for (const n of nodes) {
      if (excluded.has(n.unit.id)) continue;
      if (filterUnit && !filterUnit(n.unit)) continue;
      byId.set(n.unit.id, { unit: n.unit, depth: n.depth });
      items.push({ value: n.unit.id, label: n.unit.name });
    }
    const filter = ({ options, search }: { options: ComboboxParsedItem[]; search: string }) =>
      (options as ComboboxItem[]).filter((o) => {
        const u = byId.get(o.value)?.unit;
        return matchesSearch(search, o.label, u?.code, u?.shortName);
      });
    const renderOption = ({ option }: { option: ComboboxItem }) => {
      const info = byId.get(option.value);
      return (
        <Group gap={6} wrap="nowrap" pl={Math.min(info?.depth ?? 0, 6) * 12}>
          <Text size="sm">{option.label}</Text>
          {info?.unit.code ? (
            <Text size="xs" c="dimmed">
              {info.unit.code}
            </Text>
          ) : null}
        </Group>
      );
    };
    return { items, filter, renderOption, isPending, error };
  }, [data, exclude, filterUnit, isPending, error]);
}

export type UnitSelectProps = Omit<SelectProps, 'data'> & Options;

export function UnitSelect({ asOf, includeClosed, exclude, filterUnit, ...rest }: UnitSelectProps) {
  const { items, filter, renderOption, isPending } = useUnitOptions({ asOf, includeClosed, exclude, filterUnit });
  return (
    <Select
      searchable
      clearable
      data={items}
      filter={filter}
      renderOption={renderOption}
      nothingFoundMessage={isPending ? 'Đang tải danh sách đơn vị…' : 'Không có đơn vị phù hợp'}
      placeholder="Gõ tên hoặc mã đơn vị"
      maxDropdownHeight={300}
      comboboxProps={{ withinPortal: true }}
      {...rest}
    />
  );
}

export type UnitMultiSelectProps = Omit<MultiSelectProps, 'data'> & Options;

export function UnitMultiSelect({ asOf, includeClosed, exclude, filterUnit, ...rest }: UnitMultiSelectProps) {
  const { items, filter, renderOption, isPending } = useUnitOptions({ asOf, includeClosed, exclude, filterUnit });
  return (
    <MultiSelect
      searchable
      clearable
      data={items}
      filter={filter}
      renderOption={renderOption}
      nothingFoundMessage={isPending ? 'Đang tải danh sách đơn vị…' : 'Không có đơn vị phù hợp'}
      placeholder="Gõ tên hoặc mã đơn vị"
      maxDropdownHeight={300}
      comboboxProps={{ withinPortal: true }}
      hidePickedOptions
      {...rest}
    />
  );
}
