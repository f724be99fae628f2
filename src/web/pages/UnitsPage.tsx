// Units tree as of a date, with search and admin actions.
import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Group,
  Menu,
  Paper,
  Stack,
  Switch,
  Text,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import {
  IconArrowMerge,
  IconChevronDown,
  IconChevronRight,
  IconDownload,
  IconFileSpreadsheet,
  IconPlus,
  IconUpload,
} from '@tabler/icons-react';
import { memo, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DateField } from '../components/DateField';
import { Empty, ErrorAlert, Loading, PageHeader } from '../components/common';
import { FilterBar } from '../components/ListKit';
import { SearchBox } from '../components/SearchBox';
import { UnitBadges } from '../components/UnitBadges';
import { ImportModal } from '../components/ImportModal';
import { CreateUnitModal } from '../components/UnitForms';
import { withQuery } from '../lib/api';
import { useCan } from '../lib/auth';
import { formatDate, matchesSearch, todayIso } from '../lib/format';
import { kindLabel } from '../lib/labels';
import { buildTree, type UnitNode, useUnits } from '../lib/units';

/** Keeps nodes that match (with their ancestors); everything shown is expanded. */
function filterTree(nodes: UnitNode[], query: string): UnitNode[] {
  const out: UnitNode[] = [];
  for (const n of nodes) {
    const kids = filterTree(n.children, query);
    const u = n.unit;
    if (kids.length > 0 || matchesSearch(query, u.name, u.code, u.shortName)) {
      out.push({ ...n, children: kids });
    }
  }
  return out;
}

function defaultExpanded(tree: UnitNode[], budget = 30): Set<string> {
  const open = new Set<string>();
  let visible = tree.length;
  let level = tree;
  while (level.length > 0) {
    const parents = level.filter((n) => n.children.length > 0);
    const added = parents.reduce((sum, n) => sum + n.children.length, 0);
    if (added === 0 || (open.size > 0 && visible + added > budget)) break;
    for (const n of parents) open.add(n.unit.id);
    visible += added;
    level = parents.flatMap((n) => n.children);
  }
  return open;
}

function countNodes(nodes: UnitNode[]): number {
  return nodes.reduce((sum, n) => sum + 1 + countNodes(n.children), 0);
}

const TreeRow = memo(function TreeRow({
  node,
  expanded,
  onToggle,
  forceOpen,
  asOf,
}: {
  node: UnitNode;
  expanded: Set<string>;
  onToggle: (id: string) => void;
  forceOpen: boolean;
  asOf: string;
}) {
  const { unit, children } = node;
  const open = forceOpen || expanded.has(unit.id);
  const hasKids = children.length > 0;
  return (
    <li style={{ listStyle: 'none' }}>
      <Group
        className="lt-tree-row"
        gap={6}
        wrap="nowrap"
        align="flex-start"
        py={6}
        pr="xs"
        data-testid="unit-row"
        style={{ opacity: unit.active ? 1 : 0.85 }}
      >
        {hasKids ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size={32}
            onClick={() => onToggle(unit.id)}
            aria-expanded={open}
            aria-label={`${open ? 'Thu gọn' : 'Mở'} các đơn vị trực thuộc ${unit.name}`}
            disabled={forceOpen}
          >
            {open ? <IconChevronDown size={18} /> : <IconChevronRight size={18} />}
          </ActionIcon>
        ) : (
          <Box w={32} style={{ flexShrink: 0 }} aria-hidden />
        )}
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }} pt={4}>
          <Group gap={8} wrap="wrap">
            <Anchor
              component={Link}
              to={`/don-vi/${unit.id}`}
              fw={unit.active ? 600 : 500}
              c={unit.active ? 'frontBlue.7' : 'gray.7'}
              style={{ overflowWrap: 'anywhere' }}
            >
              {unit.name}
            </Anchor>
            <UnitBadges unit={unit} asOf={asOf} />
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {[unit.code, kindLabel(unit.kind), hasKids ? `${children.length} đơn vị trực thuộc` : null]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Stack>
      </Group>
      {hasKids && open ? (
        <ul
          style={{
            margin: 0,
            paddingLeft: 'min(24px, 5vw)',
            borderLeft: '1px dashed var(--mantine-color-gray-3)',
            marginLeft: 15,
          }}
        >
          {children.map((c) => (
            <TreeRow
              key={c.unit.id}
              node={c}
              expanded={expanded}
              onToggle={onToggle}
              forceOpen={forceOpen}
              asOf={asOf}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
});

export default function UnitsPage() {
  const [params, setParams] = useSearchParams();
  const today = todayIso();
  const asOf = params.get('ngay') || today;
  const includeClosed = params.get('daKetThuc') === '1';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search, 200);
  const canManage = useCan('unit.manage');
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);

  const { data, isPending, error, refetch } = useUnits(asOf, includeClosed);

  const tree = useMemo(() => buildTree(data ?? []), [data]);
  const shown = useMemo(() => (debounced.trim() ? filterTree(tree, debounced) : tree), [tree, debounced]);
  const matchCount = useMemo(
    () =>
      debounced.trim() ? (data ?? []).filter((u) => matchesSearch(debounced, u.name, u.code, u.shortName)).length : 0,
    [data, debounced],
  );

  // Open level by level while the visible list stays short.
  const [expanded, setExpanded] = useState<Set<string> | null>(null);
  const effectiveExpanded = useMemo(() => expanded ?? defaultExpanded(tree), [expanded, tree]);
  const toggle = (id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev ?? effectiveExpanded);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const expandAll = () => {
    const all = new Set<string>();
    const walk = (ns: UnitNode[]) => {
      for (const n of ns) {
        if (n.children.length === 0) continue;
        all.add(n.unit.id);
        walk(n.children);
      }
    };
    walk(tree);
    setExpanded(all);
  };

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const exportUrl = withQuery('/api/units/export.xlsx', { asOf });

  return (
    <Stack gap="md">
      <PageHeader
        title="Đơn vị"
        description="Cây tổ chức Mặt trận theo ngày. Đơn vị đã hợp nhất, chia tách hoặc giải thể vẫn được giữ trong lịch sử."
        actions={
          <>
            {canManage ? (
              <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
                Thêm đơn vị
              </Button>
            ) : null}
            {canManage ? (
              <Button component={Link} to="/don-vi/hop-nhat" variant="light" leftSection={<IconArrowMerge size={18} />}>
                Ghi nhận hợp nhất
              </Button>
            ) : null}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button
                  variant="default"
                  leftSection={<IconFileSpreadsheet size={18} />}
                  rightSection={<IconChevronDown size={16} />}
                >
                  Excel
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component="a" href={exportUrl} download leftSection={<IconDownload size={16} />}>
                  Xuất Excel (theo ngày {formatDate(asOf)})
                </Menu.Item>
                {canManage ? (
                  <>
                    <Menu.Item leftSection={<IconUpload size={16} />} onClick={() => setImporting(true)}>
                      Nhập từ Excel
                    </Menu.Item>
                    <Menu.Item
                      component="a"
                      href="/api/units/template.xlsx"
                      download
                      leftSection={<IconDownload size={16} />}
                    >
                      Tải tệp mẫu nhập
                    </Menu.Item>
                  </>
                ) : null}
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />

      <FilterBar cols={{ base: 1, sm: 2, md: 3 }}>
        <DateField
          label="Xem theo ngày"
          value={asOf}
          onChange={(v) => setParam('ngay', v && v !== today ? v : null)}
          clearable={asOf !== today}
        />
        <SearchBox
          label="Tìm đơn vị"
          placeholder="Tên, tên viết tắt hoặc mã"
          value={search}
          onChange={(v) => {
            setSearch(v);
            setParam('q', v || null);
          }}
        />
        <Stack justify="flex-end" pb={{ base: 0, sm: 8 }}>
          <Switch
            label="Hiện đơn vị đã kết thúc"
            checked={includeClosed}
            onChange={(e) => setParam('daKetThuc', e.currentTarget.checked ? '1' : null)}
            size="md"
          />
        </Stack>
      </FilterBar>

      {asOf !== today ? (
        <Text size="sm" c="frontBlue.8">
          Đang xem cây đơn vị như ngày {formatDate(asOf)}.{' '}
          <Anchor component="button" type="button" onClick={() => setParam('ngay', null)} size="sm">
            Về hôm nay
          </Anchor>
        </Text>
      ) : null}

      <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
        {isPending ? (
          <Loading label="Đang tải cây đơn vị…" />
        ) : error ? (
          <ErrorAlert error={error} title="Không tải được danh sách đơn vị" onRetry={() => refetch()} />
        ) : shown.length === 0 ? (
          debounced.trim() ? (
            <Empty
              title="Không tìm thấy đơn vị phù hợp"
              description="Hãy thử gõ từ khóa khác (có thể gõ không dấu), hoặc bật “Hiện đơn vị đã kết thúc”."
            />
          ) : (
            <Empty
              title="Chưa có đơn vị nào vào ngày này"
              description={canManage ? 'Hãy thêm đơn vị đầu tiên hoặc nhập danh sách từ Excel.' : 'Hãy chọn ngày khác.'}
              action={
                canManage ? (
                  <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
                    Thêm đơn vị
                  </Button>
                ) : undefined
              }
            />
          )
        ) : (
          <Stack gap="xs">
            <Group justify="space-between" gap="xs">
              <Text size="sm" c="dimmed" aria-live="polite">
                {debounced.trim() ? `Tìm thấy ${matchCount} đơn vị phù hợp` : `${countNodes(tree)} đơn vị`}
              </Text>
              {!debounced.trim() ? (
                <Group gap={4}>
                  <Button variant="subtle" size="compact-sm" onClick={expandAll}>
                    Mở tất cả
                  </Button>
                  <Button variant="subtle" size="compact-sm" onClick={() => setExpanded(new Set())}>
                    Thu gọn
                  </Button>
                </Group>
              ) : null}
            </Group>
            <ul aria-label="Cây đơn vị" style={{ margin: 0, padding: 0 }}>
              {shown.map((n) => (
                <TreeRow
                  key={n.unit.id}
                  node={n}
                  expanded={effectiveExpanded}
                  onToggle={toggle}
                  forceOpen={!!debounced.trim()}
                  asOf={asOf}
                />
              ))}
            </ul>
          </Stack>
        )}
      </Paper>

      {canManage ? (
        <>
          <CreateUnitModal opened={creating} onClose={() => setCreating(false)} />
          <ImportModal
            opened={importing}
            onClose={() => setImporting(false)}
            title="Nhập đơn vị từ Excel"
            endpoint="/api/units/import"
            templateUrl="/api/units/template.xlsx"
            what="đơn vị"
            onImported={() => client.invalidateQueries({ queryKey: ['units'] })}
          />
        </>
      ) : null}
    </Stack>
  );
}
