// Kế hoạch: search by number or subject, filter by status, year and campaign; templates in their own tab.
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
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { IconCopy, IconFilePlus, IconSearch, IconTemplate, IconX } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, Loading, PageHeader, useIsPhone } from '../../components/common';
import { Pager } from '../../components/Pager';
import { PlanStatusBadge } from '../../components/PlanBadges';
import { api, errorMessage } from '../../lib/api';
import { useCan } from '../../lib/auth';
import { formatDate, formatDateTime, todayIso } from '../../lib/format';
import { docTypeLabel, type Plan, type PlanSummary, useCampaigns } from '../../lib/plans';
import type { Paged } from '../../lib/types';

const PAGE_SIZE = 20;

const STATUS_CHIPS = [
  { value: '', label: 'Tất cả' },
  { value: 'draft', label: 'Nháp' },
  { value: 'submitted', label: 'Chờ duyệt' },
  { value: 'in_force', label: 'Đang thực hiện' },
  { value: 'issued', label: 'Đã ban hành' },
  { value: 'closed', label: 'Đã kết thúc' },
];

function NumberCell({ p }: { p: PlanSummary }) {
  return (
    <Stack gap={0}>
      <Text fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
        {p.numberText ? `Số ${p.numberText}` : p.numberUnknown ? 'Không rõ số' : 'Chưa có số'}
      </Text>
      <Text size="xs" c="dimmed">
        {docTypeLabel(p.docType)}
        {p.docDate ? ` · ${formatDate(p.docDate)}` : ''}
      </Text>
    </Stack>
  );
}

function PlanList({ items, templates }: { items: PlanSummary[]; templates: boolean }) {
  const phone = useIsPhone();
  const navigate = useNavigate();
  const canEdit = useCan('plan.edit');
  const fromTemplate = useMutation({
    mutationFn: (id: string) => api.post<Plan>('/api/plans', { fromTemplateId: id }),
    onSuccess: (plan) => {
      notifications.show({ color: 'green', title: 'Đã tạo dự thảo từ mẫu', message: 'Hãy sửa nội dung cho phù hợp rồi gửi duyệt.' });
      navigate(`/ke-hoach/${plan.id}/sua`);
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Chưa tạo được dự thảo', message: errorMessage(err) }),
  });
  const templateAction = (p: PlanSummary) =>
    templates && canEdit ? (
      <Button
        size="compact-md"
        variant="light"
        leftSection={<IconCopy size={16} />}
        onClick={() => fromTemplate.mutate(p.id)}
        loading={fromTemplate.isPending && fromTemplate.variables === p.id}
      >
        Dùng mẫu này
      </Button>
    ) : null;

  if (phone) {
    return (
      <Stack gap="sm" data-testid="plan-cards">
        {items.map((p) => (
          <Card key={p.id} padding="md">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <NumberCell p={p} />
                {!templates ? <PlanStatusBadge status={p.effectiveStatus} /> : null}
              </Group>
              <Anchor component={Link} to={`/ke-hoach/${p.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                {p.subject}
              </Anchor>
              <Text size="sm" c="dimmed">
                {p.issuingUnitName}
              </Text>
              {templateAction(p)}
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="sm" highlightOnHover miw={760}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>Số, ngày</Table.Th>
            <Table.Th>Trích yếu</Table.Th>
            <Table.Th w={220}>Đơn vị ban hành</Table.Th>
            <Table.Th w={150}>{templates ? '' : 'Trạng thái'}</Table.Th>
            <Table.Th w={140}>Cập nhật</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <NumberCell p={p} />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/ke-hoach/${p.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {p.subject}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{p.issuingUnitName}</Text>
              </Table.Td>
              <Table.Td>{templates ? templateAction(p) : <PlanStatusBadge status={p.effectiveStatus} />}</Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {formatDateTime(p.updatedAt)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

export default function PlansPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'mau' ? 'templates' : 'plans';
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const status = params.get('trangThai') ?? '';
  const year = params.get('nam');
  const campaignId = params.get('chuongTrinh');
  const search = params.get('q') ?? '';
  const [searchText, changeSearch] = useUrlSearch();
  const canEdit = useCan('plan.edit');
  const campaigns = useCampaigns();

  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const templates = tab === 'templates';
  const q = {
    search,
    status: templates ? undefined : status || undefined,
    year: templates ? undefined : year || undefined,
    campaignId: campaignId || undefined,
    template: templates ? true : undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const query = useQuery({
    queryKey: ['plans', q],
    queryFn: ({ signal }) => api.get<Paged<PlanSummary>>('/api/plans', q, signal),
    placeholderData: keepPreviousData,
  });
  const data = query.data;

  const thisYear = Number(todayIso().slice(0, 4));
  const years = Array.from({ length: 8 }, (_, i) => String(thisYear + 1 - i));
  const filtered = !!(search || status || year || campaignId);

  return (
    <Stack gap="md">
      <PageHeader
        title="Kế hoạch"
        description="Kế hoạch, hướng dẫn của đơn vị và của cấp trên gửi đến; soạn, gửi duyệt, ban hành và theo dõi triển khai."
        actions={
          canEdit ? (
            <Button component={Link} to="/ke-hoach/moi" leftSection={<IconFilePlus size={18} />}>
              Soạn kế hoạch
            </Button>
          ) : null
        }
      />

      <Tabs value={tab} onChange={(v) => set({ tab: v === 'templates' ? 'mau' : null, trang: null })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="plans">Kế hoạch</Tabs.Tab>
          <Tabs.Tab value="templates" leftSection={<IconTemplate size={16} />}>
            Mẫu kế hoạch
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: templates ? 2 : 3 }} spacing="sm">
            <TextInput
              label="Tìm kế hoạch"
              placeholder="Tìm theo số, trích yếu…"
              leftSection={<IconSearch size={18} aria-hidden />}
              value={searchText}
              onChange={(e) => changeSearch(e.currentTarget.value)}
              rightSection={
                searchText ? (
                  <ActionIcon variant="subtle" color="gray" aria-label="Xóa tìm kiếm" onClick={() => changeSearch('')}>
                    <IconX size={16} />
                  </ActionIcon>
                ) : null
              }
            />
            {!templates ? (
              <Select
                label="Năm ban hành"
                placeholder="Tất cả các năm"
                data={years}
                value={year}
                onChange={(v) => set({ nam: v, trang: null })}
                clearable
                comboboxProps={{ withinPortal: true }}
              />
            ) : null}
            <Select
              label="Chương trình, chiến dịch"
              placeholder={campaigns.data?.length === 0 ? 'Chưa có chương trình nào' : 'Tất cả'}
              data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={campaignId}
              onChange={(v) => set({ chuongTrinh: v, trang: null })}
              clearable
              searchable
              nothingFoundMessage="Không có chương trình phù hợp"
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          {!templates ? (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="plan-status-filter">
                Trạng thái
              </Text>
              <Chip.Group multiple={false} value={status} onChange={(v) => set({ trangThai: v || null, trang: null })}>
                <Group gap={6} role="radiogroup" aria-labelledby="plan-status-filter">
                  {STATUS_CHIPS.map((c) => (
                    <Chip key={c.value} value={c.value} size="sm" variant="outline">
                      {c.label}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Stack>
          ) : null}
        </Stack>
      </Paper>

      {query.isPending ? (
        <Loading label="Đang tải danh sách kế hoạch…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được danh sách kế hoạch" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          {templates ? (
            <Empty
              title={filtered ? 'Không có mẫu phù hợp' : 'Chưa có mẫu kế hoạch nào'}
              description="Mở một kế hoạch đã soạn tốt rồi chọn «Lưu làm mẫu» để dùng lại cho lần sau."
            />
          ) : (
            <Empty
              title={filtered ? 'Không có kế hoạch phù hợp' : 'Chưa có kế hoạch nào'}
              description={
                filtered
                  ? 'Hãy thử từ khóa khác (có thể gõ không dấu) hoặc bỏ bớt bộ lọc.'
                  : canEdit
                    ? 'Hãy soạn kế hoạch đầu tiên của đơn vị, hoặc tạo từ một mẫu.'
                    : 'Khi đơn vị ban hành hoặc nhận kế hoạch, danh sách sẽ hiện ở đây.'
              }
              action={
                canEdit && !filtered ? (
                  <Button component={Link} to="/ke-hoach/moi" leftSection={<IconFilePlus size={18} />}>
                    Soạn kế hoạch
                  </Button>
                ) : undefined
              }
            />
          )}
        </Paper>
      ) : (
        <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {data.total} {templates ? 'mẫu' : 'văn bản'}
          </Text>
          <PlanList items={data.items} templates={templates} />
          <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={(p) => set({ trang: p > 1 ? String(p) : null })} />
        </Stack>
      )}
    </Stack>
  );
}
