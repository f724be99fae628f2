// The workspace list pages' shared blocks: URL-kept filters, the filter bar, a status chip filter, the
// loading/error/empty/count/pager frame, and a list that is a table on desktop and cards on a ≤ 48em phone.
import { Anchor, Card, Chip, Group, Paper, Select, type SelectProps, SimpleGrid, type SimpleGridProps, Stack, Table, Text } from '@mantine/core';
import { type CSSProperties, Fragment, isValidElement, type ReactNode, useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Paged } from '../lib/types';
import { Empty, ErrorAlert, Loading, useIsPhone } from './common';
import { Pager } from './Pager';

/** The empty-list hint of a filtered list whose search ignores diacritics. */
export const FILTERED_HINT = 'Hãy thử từ khóa khác (có thể gõ không dấu) hoặc bỏ bớt bộ lọc.';

/**
 * A list page's filters kept in the URL: the current page (`?trang=`, from 1) and `set`, which writes several
 * parameters at once (an empty value removes it) without adding a history entry.
 */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const set = useCallback(
    (entries: Record<string, string | null | undefined>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(entries)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const setPage = useCallback((p: number) => set({ trang: p > 1 ? String(p) : null }), [set]);
  return { params, page, set, setPage };
}

/** The bordered filter bar above a list: a grid of fields, and an optional row below (status chips, switches). */
export function FilterBar({ cols, children, below, className }: { cols: SimpleGridProps['cols']; children: ReactNode; below?: ReactNode; className?: string }) {
  const grid = (
    <SimpleGrid cols={cols} spacing="sm" className={className}>
      {children}
    </SimpleGrid>
  );
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      {below ? (
        <Stack gap="sm">
          {grid}
          {below}
        </Stack>
      ) : (
        grid
      )}
    </Paper>
  );
}

/** A filter's Select: clearable (clearing means "all"), its dropdown in a portal so the bar never clips it. */
export function FilterSelect(props: SelectProps) {
  return <Select clearable comboboxProps={{ withinPortal: true }} {...props} />;
}

export interface ChipOption {
  value: string;
  label: string;
}

/**
 * One-of-many chips (a radio group) with a visible label, e.g. «Trạng thái». `value` '' is the "all" chip
 * when `allLabel` is given; choosing it calls `onChange(null)`.
 */
export function ChipFilter({
  id,
  label = 'Trạng thái',
  hideLabel = false,
  allLabel,
  options,
  value,
  onChange,
}: {
  id: string;
  label?: string;
  hideLabel?: boolean;
  allLabel?: string;
  options: readonly ChipOption[];
  value: string;
  onChange: (value: string | null) => void;
}) {
  const all = allLabel !== undefined ? [{ value: '', label: allLabel }, ...options] : options;
  const chips = (
    <Chip.Group multiple={false} value={value} onChange={(v) => onChange(v || null)}>
      <Group gap={6} role="radiogroup" {...(hideLabel ? { 'aria-label': label } : { 'aria-labelledby': id })}>
        {all.map((c) => (
          <Chip key={c.value} value={c.value} size="sm" variant="outline">
            {c.label}
          </Chip>
        ))}
      </Group>
    </Chip.Group>
  );
  if (hideLabel) return chips;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      {chips}
    </Stack>
  );
}

/** What a list page's query hook returns (react-query's result, only the parts used here). */
export interface ListQuery<T> {
  isPending: boolean;
  error: unknown;
  data: Paged<T> | undefined;
  isPlaceholderData: boolean;
  refetch: () => unknown;
}

/**
 * The frame of a paged list: loading, error with retry, the empty state in a bordered box, otherwise the count
 * (announced politely), the rows and the pager. The rows stay dimmed while the next page loads.
 */
export function ListResults<T>({
  query,
  loadingLabel,
  errorTitle,
  empty,
  count,
  page,
  onPage,
  children,
}: {
  query: ListQuery<T>;
  loadingLabel: string;
  errorTitle: string;
  empty: { title: string; description?: ReactNode; action?: ReactNode };
  count: (total: number) => ReactNode;
  page: number;
  onPage: (page: number) => void;
  children: (items: T[]) => ReactNode;
}) {
  const data = query.data;
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (query.error) return <ErrorAlert error={query.error} title={errorTitle} onRetry={() => query.refetch()} />;
  if (!data || data.items.length === 0) {
    return (
      <Paper withBorder>
        <Empty title={empty.title} description={empty.description} action={empty.action} />
      </Paper>
    );
  }
  return (
    <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {count(data.total)}
      </Text>
      {children(data.items)}
      <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={onPage} />
    </Stack>
  );
}

export interface ListColumn<T> {
  header: ReactNode;
  /** Fixed width in px; the column without one takes the rest. */
  width?: number;
  align?: 'right';
  nowrap?: boolean;
  cell: (row: T) => ReactNode;
}

/**
 * The same rows as a table on desktop and as cards on a phone (≤ 48em). The table scrolls sideways inside
 * its box when the window is narrower than `minWidth`.
 */
export function ResponsiveList<T>({
  rows,
  rowKey,
  columns,
  card,
  minWidth,
  cardsTestId,
  tableTestId,
  striped,
  rowBg,
}: {
  rows: T[];
  rowKey: (row: T) => string | number;
  columns: ListColumn<T>[];
  card: (row: T) => ReactNode;
  minWidth: number;
  cardsTestId?: string;
  tableTestId?: string;
  striped?: boolean;
  rowBg?: (row: T) => string | undefined;
}) {
  const phone = useIsPhone();
  if (phone) {
    return (
      <Stack gap="sm" data-testid={cardsTestId}>
        {rows.map((r) => (
          <Fragment key={rowKey(r)}>{card(r)}</Fragment>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="sm" highlightOnHover striped={striped} miw={minWidth} data-testid={tableTestId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are a fixed list per page
              <Table.Th key={i} w={c.width} ta={c.align}>
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={rowKey(r)} bg={rowBg?.(r)}>
              {columns.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are a fixed list per page
                <Table.Td key={i} ta={c.align} style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}>
                  {c.cell(r)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/**
 * A row as a phone card: a top line with the row's kind/date (`meta`, dimmed unless it is an element) and its
 * status badge, then the rest of the card.
 */
export function ListCard({ meta, metaSize = 'sm', badge, children, style }: { meta?: ReactNode; metaSize?: 'sm' | 'xs'; badge?: ReactNode; children: ReactNode; style?: CSSProperties }) {
  return (
    <Card padding="md" style={style}>
      <Stack gap={6}>
        {meta !== undefined || badge ? (
          <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            {isValidElement(meta) ? (
              meta
            ) : (
              <Text size={metaSize} c="dimmed">
                {meta}
              </Text>
            )}
            {badge}
          </Group>
        ) : null}
        {children}
      </Stack>
    </Card>
  );
}

/** Plain small text of a table cell, the most common cell. */
export function CellText({ children, dimmed }: { children: ReactNode; dimmed?: boolean }) {
  return (
    <Text size="sm" c={dimmed ? 'dimmed' : undefined}>
      {children}
    </Text>
  );
}

/** A row's title linking to its page (workspace path), wrapping anywhere so long titles never widen a card. */
export function RowLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} fw={600} style={{ overflowWrap: 'anywhere' }}>
      {children}
    </Anchor>
  );
}
