// Báo cáo định kỳ: the unit's reports, reports of the units below, requests received (with "Lập báo cáo") and sent.
import { Anchor, Button, Card, Chip, Group, Paper, Select, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconFilePlus, IconMailForward } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, Loading, PageHeader, useIsPhone } from '../../components/common';
import { Pager } from '../../components/Pager';
import { DeadlineBadge } from '../../components/PlanBadges';
import { useCan, useCurrentMe } from '../../lib/auth';
import { formatDate, formatDateTime, todayIso } from '../../lib/format';
import {
  type PeriodicReport,
  type ReportListQuery,
  type ReportRequest,
  type ReportStatus,
  useReportRequests,
  useReports,
} from '../../lib/reports';
import { NewRequestModal } from './NewRequestModal';
import { LateBadge, ReportStatusBadge } from './ReportBadges';

const PAGE_SIZE = 20;

type Tab = 'mine' | 'below' | 'received' | 'sent';
const TAB_PARAM: Record<Tab, string | null> = { mine: null, below: 'cap-duoi', received: 'yeu-cau-nhan', sent: 'yeu-cau-gui' };
const tabOf = (p: string | null): Tab => (Object.entries(TAB_PARAM).find(([, v]) => v === p)?.[0] as Tab | undefined) ?? 'mine';

const STATUS_CHIPS: { value: string; label: string }[] = [
  { value: '', label: 'Tất cả' },
  { value: 'draft', label: 'Nháp' },
  { value: 'submitted', label: 'Đã gửi' },
  { value: 'accepted', label: 'Đã tiếp nhận' },
  { value: 'returned', label: 'Bị trả lại' },
];

function ReportWhen({ r }: { r: PeriodicReport }) {
  if (r.submittedAt)
    return (
      <Text size="sm" c="dimmed">
        Gửi {formatDateTime(r.submittedAt)}
      </Text>
    );
  if (r.deadline)
    return (
      <Group gap={4}>
        <Text size="sm" c="dimmed">
          Hạn {formatDate(r.deadline)}
        </Text>
        <DeadlineBadge deadline={r.deadline} />
      </Group>
    );
  return (
    <Text size="sm" c="dimmed">
      Cập nhật {formatDateTime(r.updatedAt)}
    </Text>
  );
}

function ReportList({ items, showUnit }: { items: PeriodicReport[]; showUnit: boolean }) {
  const phone = useIsPhone();
  if (phone) {
    return (
      <Stack gap="sm" data-testid="report-cards">
        {items.map((r) => (
          <Card key={r.id} padding="md">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text fw={600} size="sm">
                    {r.periodLabel}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.numberText ? `Số ${r.numberText}` : 'Chưa có số'}
                  </Text>
                </Stack>
                <Group gap={4} wrap="nowrap">
                  <ReportStatusBadge status={r.status} />
                </Group>
              </Group>
              <Anchor component={Link} to={`/bao-cao/${r.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                {r.subject}
              </Anchor>
              {showUnit ? (
                <Text size="sm" c="dimmed">
                  {r.unitName}
                </Text>
              ) : null}
              <Group gap={6}>
                <ReportWhen r={r} />
                <LateBadge late={r.late} submitted={!!r.submittedAt} />
              </Group>
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="sm" highlightOnHover miw={820}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={180}>Kỳ, số</Table.Th>
            <Table.Th>Trích yếu</Table.Th>
            {showUnit ? <Table.Th w={200}>Đơn vị</Table.Th> : null}
            <Table.Th w={150}>Trạng thái</Table.Th>
            <Table.Th w={190}>Gửi, hạn nộp</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Text fw={600} size="sm">
                  {r.periodLabel}
                </Text>
                <Text size="xs" c="dimmed">
                  {r.numberText ? `Số ${r.numberText}` : 'Chưa có số'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/bao-cao/${r.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {r.subject}
                </Anchor>
              </Table.Td>
              {showUnit ? (
                <Table.Td>
                  <Text size="sm">{r.unitName}</Text>
                </Table.Td>
              ) : null}
              <Table.Td>
                <Group gap={4}>
                  <ReportStatusBadge status={r.status} />
                  <LateBadge late={r.late} submitted={!!r.submittedAt} />
                </Group>
              </Table.Td>
              <Table.Td>
                <ReportWhen r={r} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function ReportsTab({ below }: { below: boolean }) {
  const me = useCurrentMe();
  const canEdit = useCan('report.edit');
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const status = params.get('trangThai') ?? (below ? 'submitted' : '');
  const year = params.get('nam');
  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v !== null) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const unitId = me.actingUnitId ?? undefined;
  const q: ReportListQuery = below
    ? status === 'submitted'
      ? { reviewable: true, year: year ? Number(year) : undefined, page, pageSize: PAGE_SIZE }
      : { unitId, includeSubunits: true, status: (status || undefined) as ReportStatus | undefined, year: year ? Number(year) : undefined, page, pageSize: PAGE_SIZE }
    : { unitId, includeSubunits: false, status: (status || undefined) as ReportStatus | undefined, year: year ? Number(year) : undefined, page, pageSize: PAGE_SIZE };
  const query = useReports(q, !!unitId);
  const data = query.data;
  const thisYear = Number(todayIso().slice(0, 4));
  const years = Array.from({ length: 6 }, (_, i) => String(thisYear - i));
  const chips = below ? [{ value: 'submitted', label: 'Chờ tiếp nhận' }, ...STATUS_CHIPS.filter((c) => c.value !== 'submitted' && c.value !== 'draft')] : STATUS_CHIPS;
  const filtered = !!(year || (below ? status !== 'submitted' : status));

  return (
    <Stack gap="md">
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Group gap="md" align="flex-end" wrap="wrap">
          <Stack gap={4} style={{ flex: '1 1 320px' }}>
            <Text size="sm" fw={500} id={`report-status-${below ? 'below' : 'mine'}`}>
              Trạng thái
            </Text>
            <Chip.Group multiple={false} value={status} onChange={(v) => set({ trangThai: v === (below ? 'submitted' : '') ? null : v, trang: null })}>
              <Group gap={6} role="radiogroup" aria-labelledby={`report-status-${below ? 'below' : 'mine'}`}>
                {chips.map((c) => (
                  <Chip key={c.value} value={c.value} size="sm" variant="outline">
                    {c.label}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </Stack>
          <Select
            label="Năm"
            placeholder="Tất cả các năm"
            data={years}
            value={year}
            onChange={(v) => set({ nam: v, trang: null })}
            clearable
            comboboxProps={{ withinPortal: true }}
            w={{ base: '100%', sm: 200 }}
          />
        </Group>
      </Paper>
      {!unitId ? (
        <Paper withBorder>
          <Empty title="Chưa chọn đơn vị làm việc" description="Chọn đơn vị làm việc ở đầu trang để xem báo cáo." />
        </Paper>
      ) : query.isPending ? (
        <Loading label="Đang tải danh sách báo cáo…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được danh sách báo cáo" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          {below ? (
            <Empty
              title={status === 'submitted' && !year ? 'Không có báo cáo nào chờ tiếp nhận' : 'Không có báo cáo phù hợp'}
              description="Báo cáo các đơn vị cấp dưới gửi lên hiện ở đây để bạn tiếp nhận hoặc trả lại."
            />
          ) : (
            <Empty
              title={filtered ? 'Không có báo cáo phù hợp' : 'Đơn vị chưa có báo cáo định kỳ nào'}
              description={filtered ? 'Hãy bỏ bớt bộ lọc.' : 'Lập báo cáo tháng, quý, 6 tháng hoặc năm; số liệu được điền sẵn từ hoạt động đã báo cáo.'}
              action={
                canEdit && !filtered ? (
                  <Button component={Link} to="/bao-cao/moi" leftSection={<IconFilePlus size={18} />}>
                    Lập báo cáo
                  </Button>
                ) : undefined
              }
            />
          )}
        </Paper>
      ) : (
        <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {data.total} báo cáo
          </Text>
          <ReportList items={data.items} showUnit={below} />
          <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={(p) => set({ trang: p > 1 ? String(p) : null })} />
        </Stack>
      )}
    </Stack>
  );
}

function ReceivedAction({ request }: { request: ReportRequest }) {
  const me = useCurrentMe();
  const canEdit = useCan('report.edit');
  const mine = request.targets.find((t) => t.unitId === me.actingUnitId);
  if (mine?.reportId)
    return (
      <Button component={Link} to={`/bao-cao/${mine.reportId}`} variant="light" size="sm">
        Mở báo cáo
      </Button>
    );
  if (!canEdit) return null;
  return (
    <Button component={Link} to={`/bao-cao/moi?yeuCau=${encodeURIComponent(request.id)}`} size="sm" leftSection={<IconFilePlus size={16} />}>
      Lập báo cáo
    </Button>
  );
}

function MyTargetStatus({ request }: { request: ReportRequest }) {
  const me = useCurrentMe();
  const mine = request.targets.find((t) => t.unitId === me.actingUnitId);
  if (!mine) return null;
  const done = mine.status === 'submitted' || mine.status === 'accepted';
  return (
    <Group gap={4}>
      <ReportStatusBadge status={mine.status} />
      {done ? <LateBadge late={mine.late} submitted showOnTime /> : <DeadlineBadge deadline={request.deadline} />}
    </Group>
  );
}

function RequestList({ items, side: role }: { items: ReportRequest[]; side: 'sent' | 'received' }) {
  const phone = useIsPhone();
  const title = (r: ReportRequest) => (
    <Anchor component={Link} to={`/bao-cao/yeu-cau/${r.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
      {r.title || `Báo cáo ${r.periodLabel.toLowerCase()}`}
    </Anchor>
  );
  const progress = (r: ReportRequest) => (
    <Stack gap={2}>
      <Text size="sm">
        Đã gửi <b>{r.counts.submitted}</b>/{r.counts.total}
      </Text>
      <Text size="xs" c="dimmed">
        {r.counts.late ? `${r.counts.late} trễ hạn · ` : ''}
        {r.counts.accepted} đã tiếp nhận
      </Text>
    </Stack>
  );
  if (phone) {
    return (
      <Stack gap="sm" data-testid="request-cards">
        {items.map((r) => (
          <Card key={r.id} padding="md">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text fw={600} size="sm">
                  {r.periodLabel}
                </Text>
                {role === 'received' ? <MyTargetStatus request={r} /> : null}
              </Group>
              {title(r)}
              <Text size="sm" c="dimmed">
                {role === 'received' ? `Của ${r.unitName}` : `${r.targets.length} đơn vị được yêu cầu`}
              </Text>
              <Group gap={6}>
                <Text size="sm">
                  Hạn nộp: <b>{formatDate(r.deadline)}</b>
                </Text>
              </Group>
              {role === 'sent' ? progress(r) : <ReceivedAction request={r} />}
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="sm" highlightOnHover miw={820}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>Kỳ báo cáo</Table.Th>
            <Table.Th>Yêu cầu</Table.Th>
            <Table.Th w={130}>Hạn nộp</Table.Th>
            <Table.Th w={role === 'sent' ? 170 : 200}>{role === 'sent' ? 'Tiến độ' : 'Báo cáo của đơn vị'}</Table.Th>
            {role === 'received' ? <Table.Th w={150} /> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Text fw={600} size="sm">
                  {r.periodLabel}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDate(r.periodFrom)} – {formatDate(r.periodTo)}
                </Text>
              </Table.Td>
              <Table.Td>
                {title(r)}
                <Text size="xs" c="dimmed">
                  {role === 'received' ? `Của ${r.unitName}` : `${r.targets.length} đơn vị được yêu cầu`} · gửi {formatDate(r.createdAt)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDate(r.deadline)}</Text>
              </Table.Td>
              <Table.Td>{role === 'sent' ? progress(r) : <MyTargetStatus request={r} />}</Table.Td>
              {role === 'received' ? (
                <Table.Td>
                  <ReceivedAction request={r} />
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function RequestsTab({ side: role }: { side: 'sent' | 'received' }) {
  const me = useCurrentMe();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const query = useReportRequests({ role, page, pageSize: PAGE_SIZE }, !!me.actingUnitId);
  const data = query.data;
  if (!me.actingUnitId)
    return (
      <Paper withBorder>
        <Empty title="Chưa chọn đơn vị làm việc" description="Chọn đơn vị làm việc ở đầu trang để xem yêu cầu báo cáo." />
      </Paper>
    );
  if (query.isPending) return <Loading label="Đang tải yêu cầu báo cáo…" />;
  if (query.error) return <ErrorAlert error={query.error} title="Không tải được yêu cầu báo cáo" onRetry={() => query.refetch()} />;
  if (!data || data.items.length === 0)
    return (
      <Paper withBorder>
        {role === 'received' ? (
          <Empty title="Chưa nhận được yêu cầu báo cáo nào" description="Khi cấp trên yêu cầu báo cáo kỳ nào, yêu cầu và hạn nộp hiện ở đây." />
        ) : (
          <Empty title="Chưa gửi yêu cầu báo cáo nào" description="Yêu cầu các đơn vị cấp dưới báo cáo theo kỳ, có hạn nộp và theo dõi ai đã nộp." />
        )}
      </Paper>
    );
  return (
    <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {data.total} yêu cầu
      </Text>
      <RequestList items={data.items} side={role} />
      <Pager
        total={data.total}
        pageSize={data.pageSize}
        page={page}
        onChange={(p) => {
          const next = new URLSearchParams(params);
          if (p > 1) next.set('trang', String(p));
          else next.delete('trang');
          setParams(next, { replace: true });
        }}
      />
    </Stack>
  );
}

export default function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const tab = tabOf(params.get('tab'));
  const canEdit = useCan('report.edit');
  const [requestOpen, setRequestOpen] = useState(false);
  const setTab = (t: string | null) => {
    const next = new URLSearchParams();
    const p = TAB_PARAM[(t as Tab) ?? 'mine'];
    if (p) next.set('tab', p);
    setParams(next, { replace: true });
  };
  return (
    <Stack gap="md">
      <PageHeader
        title="Báo cáo"
        description="Báo cáo định kỳ tháng, quý, 6 tháng, năm: số liệu lấy từ hoạt động đã báo cáo, gửi cấp trên và theo dõi yêu cầu báo cáo."
        actions={
          canEdit ? (
            <>
              <Button variant="default" leftSection={<IconMailForward size={18} />} onClick={() => setRequestOpen(true)}>
                Yêu cầu báo cáo
              </Button>
              <Button component={Link} to="/bao-cao/moi" leftSection={<IconFilePlus size={18} />}>
                Lập báo cáo
              </Button>
            </>
          ) : null
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          <Tabs.Tab value="mine">Của đơn vị</Tabs.Tab>
          <Tabs.Tab value="below">Cấp dưới gửi lên</Tabs.Tab>
          <Tabs.Tab value="received">Yêu cầu nhận được</Tabs.Tab>
          <Tabs.Tab value="sent">Yêu cầu đã gửi</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="mine" pt="md">
          <ReportsTab below={false} />
        </Tabs.Panel>
        <Tabs.Panel value="below" pt="md">
          <ReportsTab below />
        </Tabs.Panel>
        <Tabs.Panel value="received" pt="md">
          <RequestsTab side="received" />
        </Tabs.Panel>
        <Tabs.Panel value="sent" pt="md">
          <RequestsTab side="sent" />
        </Tabs.Panel>
      </Tabs>
      {canEdit ? <NewRequestModal opened={requestOpen} onClose={() => setRequestOpen(false)} /> : null}
    </Stack>
  );
}
