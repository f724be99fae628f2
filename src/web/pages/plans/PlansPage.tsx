// Kế hoạch: search by number or subject, filter by status, year and campaign; templates in their own tab.
import { useUrlSearch } from '../../lib/useUrlSearch';
import { Button, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { IconCopy, IconFilePlus, IconTemplate } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../components/common';
import { CellText, ChipFilter, FILTERED_HINT, FilterBar, FilterSelect, ListCard, ListResults, ResponsiveList, RowLink, useListParams } from '../../components/ListKit';
import { PlanStatusBadge } from '../../components/PlanBadges';
import { SearchBox } from '../../components/SearchBox';
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

  const title = (p: PlanSummary) => (
    <RowLink to={`/ke-hoach/${p.id}`}>{p.subject}</RowLink>
  );
  return (
    <ResponsiveList
      rows={items}
      rowKey={(p) => p.id}
      minWidth={760}
      cardsTestId="plan-cards"
      card={(p) => (
        <ListCard meta={<NumberCell p={p} />} badge={!templates ? <PlanStatusBadge status={p.effectiveStatus} /> : null}>
          {title(p)}
          <CellText dimmed>{p.issuingUnitName}</CellText>
          {templateAction(p)}
        </ListCard>
      )}
      columns={[
        { header: 'Số, ngày', width: 170, cell: (p) => <NumberCell p={p} /> },
        { header: 'Trích yếu', cell: title },
        { header: 'Đơn vị ban hành', width: 220, cell: (p) => <CellText>{p.issuingUnitName}</CellText> },
        { header: templates ? '' : 'Trạng thái', width: 150, cell: (p) => (templates ? templateAction(p) : <PlanStatusBadge status={p.effectiveStatus} />) },
        { header: 'Cập nhật', width: 140, cell: (p) => <CellText dimmed>{formatDateTime(p.updatedAt)}</CellText> },
      ]}
    />
  );
}

export default function PlansPage() {
  const { params, page, set, setPage } = useListParams();
  const tab = params.get('tab') === 'mau' ? 'templates' : 'plans';
  const status = params.get('trangThai') ?? '';
  const year = params.get('nam');
  const campaignId = params.get('chuongTrinh');
  const search = params.get('q') ?? '';
  const [searchText, changeSearch] = useUrlSearch();
  const canEdit = useCan('plan.edit');
  const campaigns = useCampaigns();

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

      <FilterBar
        cols={{ base: 1, sm: templates ? 2 : 3 }}
        below={
          !templates ? (
            <ChipFilter id="plan-status-filter" options={STATUS_CHIPS} value={status} onChange={(v) => set({ trangThai: v, trang: null })} />
          ) : undefined
        }
      >
        <SearchBox label="Tìm kế hoạch" placeholder="Tìm theo số, trích yếu…" value={searchText} onChange={changeSearch} />
        {!templates ? (
          <FilterSelect
            label="Năm ban hành"
            placeholder="Tất cả các năm"
            data={years}
            value={year}
            onChange={(v) => set({ nam: v, trang: null })}
          />
        ) : null}
        <FilterSelect
          label="Chương trình, chiến dịch"
          placeholder={campaigns.data?.length === 0 ? 'Chưa có chương trình nào' : 'Tất cả'}
          data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={campaignId}
          onChange={(v) => set({ chuongTrinh: v, trang: null })}
          searchable
          nothingFoundMessage="Không có chương trình phù hợp"
        />
      </FilterBar>

      <ListResults
        query={query}
        loadingLabel="Đang tải danh sách kế hoạch…"
        errorTitle="Không tải được danh sách kế hoạch"
        empty={
          templates
            ? {
                title: filtered ? 'Không có mẫu phù hợp' : 'Chưa có mẫu kế hoạch nào',
                description: 'Mở một kế hoạch đã soạn tốt rồi chọn «Lưu làm mẫu» để dùng lại cho lần sau.',
              }
            : {
                title: filtered ? 'Không có kế hoạch phù hợp' : 'Chưa có kế hoạch nào',
                description: filtered
                  ? FILTERED_HINT
                  : canEdit
                    ? 'Hãy soạn kế hoạch đầu tiên của đơn vị, hoặc tạo từ một mẫu.'
                    : 'Khi đơn vị ban hành hoặc nhận kế hoạch, danh sách sẽ hiện ở đây.',
                action:
                  canEdit && !filtered ? (
                    <Button component={Link} to="/ke-hoach/moi" leftSection={<IconFilePlus size={18} />}>
                      Soạn kế hoạch
                    </Button>
                  ) : undefined,
              }
        }
        count={(total) => `${total} ${templates ? 'mẫu' : 'văn bản'}`}
        page={page}
        onPage={setPage}
      >
        {(items) => <PlanList items={items} templates={templates} />}
      </ListResults>
    </Stack>
  );
}
