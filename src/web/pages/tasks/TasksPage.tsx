// Nhiệm vụ: the unit's tasks (open ones first by next due date), filters, cards on phones; assign for task.manage.
import { useUrlSearch } from '../../lib/useUrlSearch';
import { Button, Card, Group, Stack, Switch, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IconChartBar, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/common';
import { CellText, ChipFilter, FilterBar, FilterSelect, ListResults, ResponsiveList, RowLink, useListParams } from '../../components/ListKit';
import { OverdueBadge, ProgressLine, TaskStatusBadge } from '../../components/PlanBadges';
import { SearchBox } from '../../components/SearchBox';
import { UnitSelect } from '../../components/UnitSelect';
import { api } from '../../lib/api';
import { useCan, useCurrentMe } from '../../lib/auth';
import { formatDate } from '../../lib/format';
import { type PlanSummary, recurrenceLabel } from '../../lib/plans';
import type { Task } from '../../lib/tasks';
import type { Paged } from '../../lib/types';
import { AssignTaskModal } from './AssignTaskModal';

const PAGE_SIZE = 20;

const TASK_STATUS_CHIPS = [
  { value: '', label: 'Tất cả' },
  { value: 'not_started', label: 'Chưa thực hiện' },
  { value: 'in_progress', label: 'Đang thực hiện' },
  { value: 'done', label: 'Hoàn thành' },
];

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
        <RowLink to={`/nhiem-vu/${t.id}`}>{t.title}</RowLink>
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
  const { params, page, set, setPage } = useListParams();
  const canManage = useCan('task.manage');
  const [assigning, setAssigning] = useState(false);
  const status = params.get('trangThai') ?? '';
  const overdue = params.get('quaHan') === '1';
  const planId = params.get('keHoach') ?? params.get('planId');
  const unitId = params.get('donVi');
  const search = params.get('q') ?? '';
  const [searchText, changeSearch] = useUrlSearch();

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

      <FilterBar
        cols={{ base: 1, sm: canManage ? 3 : 2 }}
        below={
          <Group gap="md" wrap="wrap" justify="space-between">
            <ChipFilter id="task-status-filter" hideLabel options={TASK_STATUS_CHIPS} value={status} onChange={(v) => set({ trangThai: v, trang: null })} />
            <Switch
              label="Chỉ việc quá hạn"
              checked={overdue}
              onChange={(e) => set({ quaHan: e.currentTarget.checked ? '1' : null, trang: null })}
              color="red"
            />
          </Group>
        }
      >
        <SearchBox label="Tìm nhiệm vụ" placeholder="Tên nhiệm vụ" value={searchText} onChange={changeSearch} />
        <FilterSelect
          label="Kế hoạch"
          placeholder="Tất cả kế hoạch"
          data={planOptions}
          value={planId}
          onChange={(v) => set({ keHoach: v, planId: null, trang: null })}
          searchable
        />
        {canManage ? (
          <UnitSelect
            label="Đơn vị"
            placeholder={me.actingUnit?.name ?? 'Đơn vị đang làm việc'}
            value={unitId}
            onChange={(v) => set({ donVi: v, trang: null })}
          />
        ) : null}
      </FilterBar>

      <ListResults
        query={query}
        loadingLabel="Đang tải nhiệm vụ…"
        errorTitle="Không tải được nhiệm vụ"
        empty={{
          title: filtered ? 'Không có nhiệm vụ phù hợp' : 'Chưa có nhiệm vụ nào',
          description: filtered ? 'Hãy bỏ bớt bộ lọc.' : 'Nhiệm vụ được tạo khi kế hoạch giao việc cho đơn vị được ban hành, hoặc khi cấp trên giao trực tiếp.',
          action:
            canManage && !filtered ? (
              <Button leftSection={<IconPlus size={18} />} onClick={() => setAssigning(true)}>
                Giao nhiệm vụ
              </Button>
            ) : undefined,
        }}
        count={(total) => `${total} nhiệm vụ`}
        page={page}
        onPage={setPage}
      >
        {(items) => (
          <ResponsiveList
            rows={items}
            rowKey={(t) => t.id}
            minWidth={860}
            rowBg={(t) => (t.overdue ? 'red.0' : undefined)}
            card={(t) => <TaskCard t={t} />}
            columns={[
              {
                header: 'Nhiệm vụ',
                cell: (t) => (
                  <Stack gap={2}>
                    <RowLink to={`/nhiem-vu/${t.id}`}>{t.title}</RowLink>
                    <Text size="xs" c="dimmed">
                      {unitId ? `${t.unitName} · ` : ''}
                      {t.planNumberText ? `Kế hoạch số ${t.planNumberText} · ` : ''}Giao bởi {t.assignerUnitName}
                    </Text>
                  </Stack>
                ),
              },
              { header: 'Thực hiện', width: 130, cell: (t) => <CellText>{recurrenceLabel(t.recurrence)}</CellText> },
              { header: 'Hạn', width: 130, cell: (t) => <DueCell t={t} /> },
              {
                header: 'Trạng thái',
                width: 170,
                cell: (t) => (
                  <Group gap={4}>
                    <TaskStatusBadge status={t.status} />
                    <OverdueBadge overdue={t.overdue} />
                  </Group>
                ),
              },
              { header: 'Tiến độ', width: 170, cell: (t) => <ProgressLine value={t.progress} label={`Tiến độ nhiệm vụ ${t.title}`} /> },
            ]}
          />
        )}
      </ListResults>
      {canManage ? (
        <AssignTaskModal opened={assigning} onClose={() => setAssigning(false)} defaultPlanId={planId} defaultUnitId={unitId} />
      ) : null}
    </Stack>
  );
}
