// Nhiệm vụ: the unit's tasks (open ones first by next due date), filters, cards on phones; assign for task.manage.
import { useUrlSearch } from '../../lib/useUrlSearch';
import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Chip,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IconChartBar, IconPlus, IconSearch, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, Loading, PageHeader, useIsPhone } from '../../components/common';
import { Pager } from '../../components/Pager';
import { OverdueBadge, ProgressLine, TaskStatusBadge } from '../../components/PlanBadges';
import { UnitSelect } from '../../components/UnitSelect';
import { api } from '../../lib/api';
import { useCan, useCurrentMe } from '../../lib/auth';
import { formatDate } from '../../lib/format';
import { type PlanSummary, recurrenceLabel } from '../../lib/plans';
import type { Task } from '../../lib/tasks';
import type { Paged } from '../../lib/types';
import { AssignTaskModal } from './AssignTaskModal';

const PAGE_SIZE = 20;

function DueCell({ t }: { t: Task }) {
  if (t.status === 'done')
    return (
      <Text size="sm" c="dimmed">
        Xong {t.doneAt ? formatDate(t.doneAt) : ''}
      </Text>
    );
  const due = t.nextDueDate ?? t.dueDate;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600} c={t.overdue ? 'red.8' : undefined}>
        {due ? formatDate(due) : 'Không có hạn'}
      </Text>
      {t.recurrence !== 'once' ? (
        <Text size="xs" c="dimmed">
          Kỳ tới
        </Text>
      ) : null}
    </Stack>
  );
}

export function TaskCard({ t }: { t: Task }) {
  return (
    <Card padding="md" style={t.overdue ? { borderColor: 'var(--mantine-color-red-4)' } : undefined}>
      <Stack gap={8}>
        <Anchor component={Link} to={`/nhiem-vu/${t.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
          {t.title}
        </Anchor>
        <Group gap={6}>
          <TaskStatusBadge status={t.status} />
          <OverdueBadge overdue={t.overdue} />
          <Text size="sm" c="dimmed">
            {recurrenceLabel(t.recurrence)}
          </Text>
        </Group>
        <Text size="sm">
          {t.status === 'done' ? 'Đã hoàn thành' : t.recurrence === 'once' ? 'Hạn' : 'Hạn kỳ tới'}
          {t.status !== 'done' ? (
            <>
              : <b>{t.nextDueDate || t.dueDate ? formatDate(t.nextDueDate ?? t.dueDate) : 'không có'}</b>
            </>
          ) : null}
        </Text>
        <ProgressLine value={t.progress} label={`Tiến độ nhiệm vụ ${t.title}`} />
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t.planNumberText ? `Kế hoạch số ${t.planNumberText} · ` : ''}Giao bởi {t.assignerUnitName}
        </Text>
      </Stack>
    </Card>
  );
}

export default function TasksPage() {
  const me = useCurrentMe();
  const [params, setParams] = useSearchParams();
  const phone = useIsPhone();
  const canManage = useCan('task.manage');
  const [assigning, setAssigning] = useState(false);
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const status = params.get('trangThai') ?? '';
  const overdue = params.get('quaHan') === '1';
  const planId = params.get('keHoach') ?? params.get('planId');
  const unitId = params.get('donVi');
  const search = params.get('q') ?? '';
  const [searchText, changeSearch] = useUrlSearch();

  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (entries.keHoach !== undefined) next.delete('planId');
    setParams(next, { replace: true });
  };

  const q = {
    unitId: unitId || undefined,
    planId: planId || undefined,
    status: status || undefined,
    overdue: overdue || undefined,
    search: search || undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const query = useQuery({
    queryKey: ['tasks', 'list', q],
    queryFn: ({ signal }) => api.get<Paged<Task>>('/api/tasks', q, signal),
    placeholderData: keepPreviousData,
  });
  const plans = useQuery({
    queryKey: ['plans', { status: 'issued', pageSize: 200, pick: 'task' }],
    queryFn: ({ signal }) => api.get<Paged<PlanSummary>>('/api/plans', { status: 'issued', pageSize: 200 }, signal),
  });
  const planOptions = (plans.data?.items ?? []).map((p) => ({
    value: p.id,
    label: `${p.numberText ? `Số ${p.numberText} — ` : ''}${p.subject}`,
  }));
  if (planId && !planOptions.some((o) => o.value === planId)) planOptions.unshift({ value: planId, label: 'Kế hoạch đã chọn' });
  const data = query.data;
  const filtered = !!(status || overdue || planId || search);

  return (
    <Stack gap="md">
      <PageHeader
        title="Nhiệm vụ"
        description={
          unitId
            ? 'Nhiệm vụ của đơn vị được chọn.'
            : `Nhiệm vụ của ${me.actingUnit?.name ?? 'đơn vị'}: việc có hạn gần nhất ở trên cùng.`
        }
        actions={
          canManage ? (
            <>
              <Button leftSection={<IconPlus size={18} />} onClick={() => setAssigning(true)}>
                Giao nhiệm vụ
              </Button>
              <Button component={Link} to="/nhiem-vu/tong-hop" variant="default" leftSection={<IconChartBar size={18} />}>
                Tổng hợp theo đơn vị
              </Button>
            </>
          ) : null
        }
      />

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: canManage ? 3 : 2 }} spacing="sm">
            <TextInput
              label="Tìm nhiệm vụ"
              placeholder="Tên nhiệm vụ"
              leftSection={<IconSearch size={18} aria-hidden />}
              value={searchText}
              onChange={(e) => changeSearch(e.currentTarget.value)}
              rightSection={
                searchText ? (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label="Xóa tìm kiếm"
                    onClick={() => changeSearch('')}
                  >
                    <IconX size={16} />
                  </ActionIcon>
                ) : null
              }
            />
            <Select
              label="Kế hoạch"
              placeholder="Tất cả kế hoạch"
              data={planOptions}
              value={planId}
              onChange={(v) => set({ keHoach: v, trang: null })}
              clearable
              searchable
              comboboxProps={{ withinPortal: true }}
            />
            {canManage ? (
              <UnitSelect
                label="Đơn vị"
                placeholder={me.actingUnit?.name ?? 'Đơn vị đang làm việc'}
                value={unitId}
                onChange={(v) => set({ donVi: v, trang: null })}
              />
            ) : null}
          </SimpleGrid>
          <Group gap="md" wrap="wrap" justify="space-between">
            <Chip.Group multiple={false} value={status} onChange={(v) => set({ trangThai: v || null, trang: null })}>
              <Group gap={6} role="radiogroup" aria-label="Trạng thái">
                {[
                  { value: '', label: 'Tất cả' },
                  { value: 'not_started', label: 'Chưa thực hiện' },
                  { value: 'in_progress', label: 'Đang thực hiện' },
                  { value: 'done', label: 'Hoàn thành' },
                ].map((c) => (
                  <Chip key={c.value} value={c.value} size="sm" variant="outline">
                    {c.label}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            <Switch
              label="Chỉ việc quá hạn"
              checked={overdue}
              onChange={(e) => set({ quaHan: e.currentTarget.checked ? '1' : null, trang: null })}
              color="red"
            />
          </Group>
        </Stack>
      </Paper>

      {query.isPending ? (
        <Loading label="Đang tải nhiệm vụ…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được nhiệm vụ" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            title={filtered ? 'Không có nhiệm vụ phù hợp' : 'Chưa có nhiệm vụ nào'}
            description={
              filtered
                ? 'Hãy bỏ bớt bộ lọc.'
                : 'Nhiệm vụ được tạo khi kế hoạch giao việc cho đơn vị được ban hành, hoặc khi cấp trên giao trực tiếp.'
            }
            action={
              canManage && !filtered ? (
                <Button leftSection={<IconPlus size={18} />} onClick={() => setAssigning(true)}>
                  Giao nhiệm vụ
                </Button>
              ) : undefined
            }
          />
        </Paper>
      ) : (
        <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {data.total} nhiệm vụ
          </Text>
          {phone ? (
            <Stack gap="sm">
              {data.items.map((t) => (
                <TaskCard key={t.id} t={t} />
              ))}
            </Stack>
          ) : (
            <div className="lt-table-scroll">
              <Table verticalSpacing="sm" highlightOnHover miw={860}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Nhiệm vụ</Table.Th>
                    <Table.Th w={130}>Thực hiện</Table.Th>
                    <Table.Th w={130}>Hạn</Table.Th>
                    <Table.Th w={170}>Trạng thái</Table.Th>
                    <Table.Th w={170}>Tiến độ</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((t) => (
                    <Table.Tr key={t.id} bg={t.overdue ? 'red.0' : undefined}>
                      <Table.Td>
                        <Stack gap={2}>
                          <Anchor component={Link} to={`/nhiem-vu/${t.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                            {t.title}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {unitId ? `${t.unitName} · ` : ''}
                            {t.planNumberText ? `Kế hoạch số ${t.planNumberText} · ` : ''}Giao bởi {t.assignerUnitName}
                          </Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{recurrenceLabel(t.recurrence)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <DueCell t={t} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          <TaskStatusBadge status={t.status} />
                          <OverdueBadge overdue={t.overdue} />
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <ProgressLine value={t.progress} label={`Tiến độ nhiệm vụ ${t.title}`} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
          <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={(p) => set({ trang: p > 1 ? String(p) : null })} />
        </Stack>
      )}
      {canManage ? (
        <AssignTaskModal opened={assigning} onClose={() => setAssigning(false)} defaultPlanId={planId} defaultUnitId={unitId} />
      ) : null}
    </Stack>
  );
}
