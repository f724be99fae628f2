// A small sortable table (click a header; aria-sort tells screen readers) that becomes cards on phones.
import { Card, Group, Select, SimpleGrid, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { type ReactNode, useMemo, useState } from 'react';
import { useIsPhone } from '../../components/common';
import { usePrinting } from './usePrinting';

export interface Column<T> {
  key: string;
  label: string;
  numeric?: boolean;
  /** Shown on the phone card (default true). */
  onPhone?: boolean;
  sortValue: (row: T) => number | string | null;
  render: (row: T) => ReactNode;
}

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

export function SortableTable<T>({
  rows,
  columns,
  rowKey,
  initialSort,
  caption,
  totalRow,
  rowProps,
  minWidth = 640,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  initialSort?: { key: string; dir: 'asc' | 'desc' };
  caption: string;
  /** A "Cộng" row: values by column key (the first column shows the label). */
  totalRow?: { label: string; values: Record<string, ReactNode> };
  rowProps?: (row: T) => { bg?: string };
  minWidth?: number;
}) {
  const printing = usePrinting();
  const phone = useIsPhone() && !printing;
  const [sort, setSort] = useState<{ key: string; dir: 'asc' | 'desc' } | null>(initialSort ?? null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const col = columns.find((c) => c.key === sort.key);
    if (!col) return rows;
    const sign = sort.dir === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const va = col.sortValue(a);
      const vb = col.sortValue(b);
      if (va === vb) return 0;
      if (va === null) return 1;
      if (vb === null) return -1;
      if (typeof va === 'number' && typeof vb === 'number') return (va - vb) * sign;
      return collator.compare(String(va), String(vb)) * sign;
    });
  }, [rows, columns, sort]);

  const toggle = (col: Column<T>) =>
    setSort((s) =>
      s?.key === col.key ? { key: col.key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key: col.key, dir: col.numeric ? 'desc' : 'asc' },
    );

  if (phone) {
    const [first, ...others] = columns;
    const rest = others.filter((c) => c.onPhone !== false);
    return (
      <Stack gap="xs">
        <Select
          label="Sắp xếp theo"
          size="sm"
          data={columns.flatMap((c) => [
            { value: `${c.key}:${c.numeric ? 'desc' : 'asc'}`, label: `${c.label} (${c.numeric ? 'nhiều trước' : 'A → Z'})` },
            { value: `${c.key}:${c.numeric ? 'asc' : 'desc'}`, label: `${c.label} (${c.numeric ? 'ít trước' : 'Z → A'})` },
          ])}
          value={sort ? `${sort.key}:${sort.dir}` : null}
          placeholder="Thứ tự mặc định"
          onChange={(v) => {
            if (!v) return setSort(null);
            const [key, dir] = v.split(':');
            setSort({ key, dir: dir as 'asc' | 'desc' });
          }}
          comboboxProps={{ withinPortal: true }}
          className="lt-no-print"
        />
        {sorted.map((row) => (
          <Card key={rowKey(row)} padding="sm" withBorder bg={rowProps?.(row).bg}>
            <Stack gap={6}>
              <div>{first.render(row)}</div>
              <SimpleGrid cols={3} spacing={6} verticalSpacing={4}>
                {rest.map((c) => (
                  <Stack key={c.key} gap={0}>
                    <Text size="xs" c="dimmed" lh={1.3}>
                      {c.label}
                    </Text>
                    <Text size="sm" component="div">
                      {c.render(row)}
                    </Text>
                  </Stack>
                ))}
              </SimpleGrid>
            </Stack>
          </Card>
        ))}
        {totalRow ? (
          <Card padding="sm" withBorder bg="gray.0">
            <Stack gap={6}>
              <Text fw={700}>{totalRow.label}</Text>
              <SimpleGrid cols={3} spacing={6} verticalSpacing={4}>
                {rest
                  .filter((c) => totalRow.values[c.key] !== undefined)
                  .map((c) => (
                    <Stack key={c.key} gap={0}>
                      <Text size="xs" c="dimmed" lh={1.3}>
                        {c.label}
                      </Text>
                      <Text size="sm" fw={700}>
                        {totalRow.values[c.key]}
                      </Text>
                    </Stack>
                  ))}
              </SimpleGrid>
            </Stack>
          </Card>
        ) : null}
      </Stack>
    );
  }

  return (
    <div className="lt-table-scroll lt-dash-table">
      <Table verticalSpacing="xs" miw={minWidth} striped={false} highlightOnHover>
        <caption className="lt-dash-sr">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              const Icon = active ? (sort.dir === 'asc' ? IconArrowUp : IconArrowDown) : IconArrowsSort;
              return (
                <Table.Th
                  key={c.key}
                  ta={c.numeric ? 'right' : 'left'}
                  aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <UnstyledButton onClick={() => toggle(c)} fw={600} fz="sm" title={`Sắp xếp theo ${c.label.toLowerCase()}`}>
                    <Group gap={4} wrap="nowrap" justify={c.numeric ? 'flex-end' : 'flex-start'}>
                      <span>{c.label}</span>
                      <Icon size={14} aria-hidden color={active ? undefined : 'var(--mantine-color-gray-5)'} className="lt-no-print" />
                    </Group>
                  </UnstyledButton>
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((row) => (
            <Table.Tr key={rowKey(row)} bg={rowProps?.(row).bg}>
              {columns.map((c) => (
                <Table.Td key={c.key} ta={c.numeric ? 'right' : 'left'}>
                  {c.render(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
          {totalRow ? (
            <Table.Tr fw={700} bg="gray.0">
              {columns.map((c, i) => (
                <Table.Td key={c.key} ta={c.numeric ? 'right' : 'left'}>
                  {i === 0 ? totalRow.label : (totalRow.values[c.key] ?? '')}
                </Table.Td>
              ))}
            </Table.Tr>
          ) : null}
        </Table.Tbody>
      </Table>
    </div>
  );
}
