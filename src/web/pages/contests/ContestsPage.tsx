// Cuộc thi: the contests of the acting unit and the units below it — status, rounds, participants; create a contest.
import { Anchor, Button, Card, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { IconDatabase, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { AppModal, Empty, ErrorAlert, FormErrorSummary, Loading, PageHeader, useIsPhone } from '../../components/common';
import { api } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { type Contest, type ContestStats, useContests } from '../../lib/contests';
import { formatDate, formatNumber } from '../../lib/format';
import { useCampaigns } from '../../lib/plans';
import { ContestStatusBadge } from './ContestParts';
import { issuesOf, newContestSchema } from './schemas';

function period(c: Contest): string {
  if (!c.rounds.length) return 'Chưa có tuần thi';
  const first = c.rounds[0];
  const last = c.rounds[c.rounds.length - 1];
  return `${c.rounds.length} tuần thi · ${formatDate(first.opensAt)} – ${formatDate(last.closesAt)}`;
}

function ContestList({ items, participants }: { items: Contest[]; participants: Map<string, number | undefined> }) {
  const phone = useIsPhone();
  const count = (id: string) => {
    const n = participants.get(id);
    return n === undefined ? '…' : formatNumber(n);
  };
  if (phone) {
    return (
      <Stack gap="sm" data-testid="contest-cards">
        {items.map((c) => (
          <Card key={c.id} padding="md">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" c="dimmed">
                  {c.unitName}
                </Text>
                <ContestStatusBadge status={c.status} />
              </Group>
              <Anchor component={Link} to={`/cuoc-thi/${c.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                {c.title}
              </Anchor>
              <Text size="sm">{period(c)}</Text>
              <Text size="sm">
                Người dự thi: <b>{count(c.id)}</b>
              </Text>
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
            <Table.Th>Cuộc thi</Table.Th>
            <Table.Th w={140}>Trạng thái</Table.Th>
            <Table.Th w={250}>Tuần thi</Table.Th>
            <Table.Th w={120} ta="right">
              Người dự thi
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/cuoc-thi/${c.id}`} fw={600}>
                  {c.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {c.unitName}
                </Text>
              </Table.Td>
              <Table.Td>
                <ContestStatusBadge status={c.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{period(c)}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text fw={600}>{count(c.id)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function NewContestModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const campaigns = useCampaigns();
  const [title, setTitle] = useState('');
  const [slug, setSlug] = useState('');
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ byPath: Record<string, string>; messages: string[] } | null>(null);
  const create = useMutation({
    mutationFn: () => api.post<Contest>('/api/contests', { title: title.trim(), slug: slug.trim() || undefined, campaignId }),
    onSuccess: (c) => {
      client.invalidateQueries({ queryKey: ['contests'] });
      notifications.show({ color: 'green', title: 'Đã tạo cuộc thi', message: 'Hãy soạn thể lệ, cơ cấu câu hỏi và thêm tuần thi trước khi mở.' });
      onClose();
      navigate(`/cuoc-thi/${c.id}?tab=cai-dat`);
    },
  });
  const submit = () => {
    const r = newContestSchema.safeParse({ title, slug });
    if (!r.success) {
      setErrors(issuesOf(r.error));
      return;
    }
    setErrors(null);
    create.mutate();
  };
  return (
    <AppModal opened={opened} onClose={onClose} title="Tạo cuộc thi" size="lg">
      <Stack gap="md">
        <FormErrorSummary messages={errors?.messages ?? []} serverError={create.error} />
        <TextInput label="Tên cuộc thi" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors?.byPath.title} />
        <TextInput
          label="Đường dẫn trên trang công khai"
          description="Để trống để tạo tự động từ tên cuộc thi."
          placeholder="tim-hieu-nghi-quyet-57-2026"
          value={slug}
          onChange={(e) => setSlug(e.currentTarget.value)}
          error={errors?.byPath.slug}
        />
        <Select
          label="Chương trình, chiến dịch"
          description="Câu hỏi và cơ cấu chủ đề lấy theo cây chủ đề của chương trình."
          data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={campaignId}
          onChange={setCampaignId}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end" className="lt-sticky-actions">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button loading={create.isPending} onClick={submit}>
            Tạo cuộc thi
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

export default function ContestsPage() {
  const me = useCurrentMe();
  const query = useContests(me.actingUnitId);
  const [creating, setCreating] = useState(false);
  const items = query.data?.items ?? [];
  const stats = useQueries({
    queries: items.map((c) => ({
      queryKey: ['contest-stats', c.id, ''],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<ContestStats>(`/api/contests/${encodeURIComponent(c.id)}/stats`, undefined, signal),
    })),
  });
  const participants = new Map(items.map((c, i) => [c.id, stats[i]?.data?.participants]));

  return (
    <Stack gap="md">
      <PageHeader
        title="Cuộc thi trực tuyến"
        description={`Các cuộc thi của ${me.actingUnit?.name ?? 'đơn vị'} và các đơn vị trực thuộc: tuần thi, người dự thi, kết quả.`}
        actions={
          <>
            <Button component={Link} to="/cuoc-thi/ngan-hang-cau-hoi" variant="default" leftSection={<IconDatabase size={18} />}>
              Ngân hàng câu hỏi
            </Button>
            <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
              Tạo cuộc thi
            </Button>
          </>
        }
      />
      {query.isPending ? (
        <Loading label="Đang tải danh sách cuộc thi…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được danh sách cuộc thi" onRetry={() => query.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder>
          <Empty
            title="Chưa có cuộc thi nào"
            description="Hãy soạn và duyệt câu hỏi trong ngân hàng, rồi tạo cuộc thi và thêm các tuần thi."
            action={
              <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
                Tạo cuộc thi
              </Button>
            }
          />
        </Paper>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {items.length} cuộc thi
          </Text>
          <ContestList items={items} participants={participants} />
        </Stack>
      )}
      <NewContestModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
