// "Tuần thi" of a contest: rounds with their times and state, the ranking of a round, result documents, add a
// round, edit a round that has not opened yet (times, prediction question).
import { Button, Card, Group, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconCalendarPlus, IconFileSpreadsheet, IconFileText, IconListNumbers, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { AppModal, Empty, ErrorAlert, FormErrorSummary, Loading, useIsPhone } from '../../components/common';
import { api, errorMessage } from '../../lib/api';
import { type Contest, contestKey, downloadFile, formatDuration, type Ranking, type Round, useRanking } from '../../lib/contests';
import { shortUnitName } from '../../lib/dashboard';
import { formatDateTime, formatNumber } from '../../lib/format';
import { RoundStateBadge } from './ContestParts';
import { issuesOf, roundSchema } from './schemas';

/** The round shown first: the open one, else the last closed one, else the first. */
function defaultRound(rounds: Round[]): Round | null {
  return rounds.find((r) => r.state === 'open') ?? [...rounds].reverse().find((r) => r.state === 'closed') ?? rounds[0] ?? null;
}

function ResultButtons({ round }: { round: Round }) {
  const [busy, setBusy] = useState<'docx' | 'xlsx' | null>(null);
  const get = async (format: 'docx' | 'xlsx') => {
    setBusy(format);
    try {
      const name = await downloadFile(`/api/contest-rounds/${encodeURIComponent(round.id)}/results?format=${format}`, `ket-qua-tuan-${round.no}.${format}`);
      notifications.show({ color: 'green', title: 'Đã tải kết quả', message: name });
    } catch (err) {
      notifications.show({ color: 'red', title: `Không tải được kết quả ${round.title.toLowerCase()}`, message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap="xs">
      <Button size="sm" variant="default" leftSection={<IconFileText size={16} />} loading={busy === 'docx'} onClick={() => get('docx')} aria-label={`Tải kết quả (.docx) ${round.title}`}>
        Tải kết quả (.docx)
      </Button>
      <Button size="sm" variant="default" leftSection={<IconFileSpreadsheet size={16} />} loading={busy === 'xlsx'} onClick={() => get('xlsx')} aria-label={`Tải kết quả (.xlsx) ${round.title}`}>
        Tải kết quả (.xlsx)
      </Button>
    </Group>
  );
}

function RoundCard({ round, selected, onShow, onEdit }: { round: Round; selected: boolean; onShow: () => void; onEdit?: () => void }) {
  return (
    <Paper withBorder p="md" style={selected ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined} data-testid={`round-${round.no}`}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text fw={700}>{round.title}</Text>
          <RoundStateBadge state={round.state} />
        </Group>
        <Text size="sm">
          Mở: {formatDateTime(round.opensAt)}
          <br />
          Đóng: {formatDateTime(round.closesAt)}
        </Text>
        <Text size="sm" c="dimmed">
          Dự đoán: {round.predictionQuestion}
        </Text>
        {round.actualValue !== null ? (
          <Text size="sm">
            Số người trả lời đúng tất cả: <b>{formatNumber(round.actualValue)}</b>
            {round.frozenAt ? ' (đã chốt)' : ''}
          </Text>
        ) : null}
        <Group gap="xs" mt={4}>
          <Button size="sm" variant={selected ? 'filled' : 'light'} leftSection={<IconListNumbers size={16} />} onClick={onShow}>
            Xem xếp hạng
          </Button>
          {onEdit && round.state === 'upcoming' ? (
            <Button size="sm" variant="default" leftSection={<IconPencil size={16} />} onClick={onEdit} aria-label={`Sửa ${round.title.toLowerCase()}`}>
              Sửa
            </Button>
          ) : null}
        </Group>
        {round.state === 'closed' ? (
          <ResultButtons round={round} />
        ) : (
          <Text size="xs" c="dimmed">
            Tải kết quả sau khi tuần thi đóng và được chốt.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function RankingTable({ ranking }: { ranking: Ranking }) {
  const phone = useIsPhone();
  if (ranking.rows.length === 0) return <Empty title="Chưa có bài nộp" description="Bảng xếp hạng hiện ra khi có người nộp bài trong tuần thi này." />;
  if (phone) {
    return (
      <Stack gap="xs" data-testid="ranking-cards">
        {ranking.rows.map((r) => (
          <Card key={r.participantId} padding="sm" withBorder>
            <Text fw={600}>
              {r.rank}. {r.name}
            </Text>
            <Text size="sm" c="dimmed">
              {r.phone} · {shortUnitName(r.unitName)}
            </Text>
            <Text size="sm">
              Đúng {r.correct} câu · Dự đoán {r.prediction ?? '—'}
              {r.predictionGap !== null ? ` (lệch ${formatNumber(r.predictionGap)})` : ''} · {formatDuration(r.timeUsedSeconds)}
            </Text>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="xs" striped miw={900} data-testid="ranking-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>Hạng</Table.Th>
            <Table.Th>Họ và tên</Table.Th>
            <Table.Th>Điện thoại</Table.Th>
            <Table.Th>Phường, xã</Table.Th>
            <Table.Th ta="right">Số câu đúng</Table.Th>
            <Table.Th ta="right">Dự đoán (lệch)</Table.Th>
            <Table.Th ta="right">Thời gian làm bài</Table.Th>
            <Table.Th>Nộp bài lúc</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ranking.rows.map((r) => (
            <Table.Tr key={r.participantId}>
              <Table.Td>{r.rank}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.name}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.phone}</Table.Td>
              <Table.Td>{shortUnitName(r.unitName)}</Table.Td>
              <Table.Td ta="right">{r.correct}</Table.Td>
              <Table.Td ta="right">
                {r.prediction ?? '—'}
                {r.predictionGap !== null ? ` (${formatNumber(r.predictionGap)})` : ''}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatDuration(r.timeUsedSeconds)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.submittedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** Mantine's 'YYYY-MM-DD HH:mm:ss' (Vietnam wall time) → ISO 8601 with the +07:00 offset. */
function toIso(value: string | null): string {
  if (!value) return '';
  const [d, t = '00:00:00'] = value.split(' ');
  return `${d}T${t.length === 5 ? `${t}:00` : t}+07:00`;
}

/** ISO timestamp → Mantine's 'YYYY-MM-DD HH:mm:ss' in Vietnam wall time. */
function fromIso(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Adds a round, or (with `round`) edits one that has not opened yet. */
function RoundModal({ contest, round, opened, onClose }: { contest: Contest; round?: Round | null; opened: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const [opensAt, setOpensAt] = useState<string | null>(round ? fromIso(round.opensAt) : null);
  const [closesAt, setClosesAt] = useState<string | null>(round ? fromIso(round.closesAt) : null);
  const [prediction, setPrediction] = useState(round?.predictionQuestion ?? `Theo bạn, có bao nhiêu người trả lời đúng tất cả ${contest.questionsPerAttempt} câu hỏi trong tuần thi này?`);
  const [errors, setErrors] = useState<ReturnType<typeof issuesOf> | null>(null);
  const add = useMutation({
    mutationFn: () => {
      const body = { opensAt: toIso(opensAt), closesAt: toIso(closesAt), predictionQuestion: prediction.trim() };
      return round ? api.patch<Contest>(`/api/contest-rounds/${encodeURIComponent(round.id)}`, body) : api.post<Contest>(`/api/contests/${encodeURIComponent(contest.id)}/rounds`, body);
    },
    onSuccess: (c) => {
      client.setQueryData(contestKey(c.id), c);
      client.invalidateQueries({ queryKey: ['contests'] });
      notifications.show(
        round
          ? { color: 'green', title: 'Đã lưu tuần thi', message: `${round.title} đã được cập nhật.` }
          : { color: 'green', title: 'Đã thêm tuần thi', message: `${c.rounds[c.rounds.length - 1]?.title ?? 'Tuần thi mới'} đã được thêm.` },
      );
      onClose();
    },
  });
  const submit = () => {
    const r = roundSchema.safeParse({ opensAt: toIso(opensAt), closesAt: toIso(closesAt), predictionQuestion: prediction });
    if (!r.success) {
      setErrors(issuesOf(r.error));
      return;
    }
    setErrors(null);
    add.mutate();
  };
  return (
    <AppModal opened={opened} onClose={onClose} title={round ? `Sửa ${round.title.toLowerCase()}` : 'Thêm tuần thi'} size="lg">
      <Stack gap="md">
        <FormErrorSummary messages={errors?.messages ?? []} serverError={add.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateTimePicker
            label="Thời điểm mở"
            required
            valueFormat="DD/MM/YYYY HH:mm"
            placeholder="dd/mm/yyyy hh:mm"
            locale="vi"
            value={opensAt}
            onChange={setOpensAt}
            error={errors?.byPath.opensAt}
            popoverProps={{ withinPortal: true }}
          />
          <DateTimePicker
            label="Thời điểm đóng"
            required
            valueFormat="DD/MM/YYYY HH:mm"
            placeholder="dd/mm/yyyy hh:mm"
            locale="vi"
            value={closesAt}
            onChange={setClosesAt}
            error={errors?.byPath.closesAt}
            popoverProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Textarea label="Câu hỏi dự đoán" autosize minRows={2} value={prediction} onChange={(e) => setPrediction(e.currentTarget.value)} error={errors?.byPath.predictionQuestion} />
        <Text size="sm" c="dimmed">
          Giờ theo giờ Việt Nam. Các tuần thi không được trùng thời gian với nhau.{round ? ' Chỉ sửa được trước khi tuần thi mở.' : ''}
        </Text>
        <Group justify="flex-end" className="lt-sticky-actions">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button loading={add.isPending} onClick={submit}>
            {round ? 'Lưu tuần thi' : 'Thêm tuần thi'}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

export function RoundsTab({ contest }: { contest: Contest }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Round | null>(null);
  const round = contest.rounds.find((r) => r.id === chosen) ?? defaultRound(contest.rounds);
  const ranking = useRanking(round?.id ?? null, 100);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          {contest.rounds.length} tuần thi. Kết quả được chốt khi tuần thi đóng.
        </Text>
        {contest.status !== 'closed' ? (
          <Button leftSection={<IconCalendarPlus size={18} />} onClick={() => setAdding(true)}>
            Thêm tuần thi
          </Button>
        ) : null}
      </Group>
      {contest.rounds.length === 0 ? (
        <Paper withBorder>
          <Empty title="Chưa có tuần thi" description="Hãy thêm ít nhất một tuần thi trước khi mở cuộc thi." />
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          {contest.rounds.map((r) => (
            <RoundCard key={r.id} round={r} selected={r.id === round?.id} onShow={() => setChosen(r.id)} onEdit={contest.status !== 'closed' ? () => setEditing(r) : undefined} />
          ))}
        </SimpleGrid>
      )}
      {round ? (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <Stack gap="sm">
            <Title order={2} size="h4">
              Xếp hạng {round.title.toLowerCase()}
            </Title>
            {ranking.isPending ? (
              <Loading label="Đang tải bảng xếp hạng…" />
            ) : ranking.error ? (
              <ErrorAlert error={ranking.error} title="Không tải được bảng xếp hạng" onRetry={() => ranking.refetch()} />
            ) : (
              <>
                <Text size="sm" c="dimmed">
                  {formatNumber(ranking.data.participants)} người có bài nộp
                  {ranking.data.actualValue !== null ? ` · Số người trả lời đúng tất cả: ${formatNumber(ranking.data.actualValue)}${ranking.data.frozen ? ' (đã chốt)' : ' (tạm tính)'}` : ''}. Xếp theo số câu đúng, độ lệch dự đoán,
                  thời gian làm bài, thời điểm nộp.
                </Text>
                <RankingTable ranking={ranking.data} />
              </>
            )}
          </Stack>
        </Paper>
      ) : null}
      <RoundModal key={adding ? 'open' : 'closed'} contest={contest} opened={adding} onClose={() => setAdding(false)} />
      <RoundModal key={editing ? `edit-${editing.id}` : 'edit'} contest={contest} round={editing} opened={!!editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}
