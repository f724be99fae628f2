// "Thống kê" of a contest: live counts, by round, by ward (per 1.000 residents), by day (chart that prints at A4
// width), by member organisation and the ward leaderboard. Filter by round: the server splits every figure but
// the by-round table.
import { Button, Card, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import { Empty, ErrorAlert, Loading, useIsPhone } from '../../components/common';
import { type Contest, type ContestStats, useContestStats } from '../../lib/contests';
import { shortUnitName } from '../../lib/dashboard';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { CHART_COLORS, HBarChart } from '../dashboard/charts';
import { usePrinting } from '../dashboard/usePrinting';
import { Figure } from './ContestParts';

const fmt = (v: unknown) => formatNumber(typeof v === 'number' ? v : Number(v));
const per1000 = (v: number | null) => (v === null ? 'Chưa có số dân' : v.toLocaleString('vi-VN', { maximumFractionDigits: 1 }));

/** Attempts per day (Vietnam calendar days): vertical bars with their values written on top, A4 width in print. */
function DayChart({ data }: { data: { day: string; attempts: number }[] }) {
  const printing = usePrinting();
  const phone = useIsPhone() && !printing;
  const rows = data.map((d) => ({ label: formatDate(d.day).slice(0, 5), value: d.attempts }));
  const size = printing ? { width: 660, height: 240, responsive: false as const } : { responsive: true as const, style: { width: '100%', height: phone ? 220 : 260 } };
  return (
    <BarChart {...size} data={rows} margin={{ top: 18, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid stroke="#e5e1da" vertical={false} />
      <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#495057' }} interval={phone ? 'preserveStartEnd' : 0} minTickGap={4} />
      <YAxis tick={{ fontSize: 12, fill: '#495057' }} allowDecimals={false} width={36} tickFormatter={fmt} />
      <Tooltip formatter={fmt} />
      <Bar dataKey="value" name="Lượt thi" fill={CHART_COLORS.red} isAnimationActive={false}>
        {rows.length <= 31 ? <LabelList dataKey="value" position="top" formatter={fmt} style={{ fontSize: 11, fill: '#212529' }} /> : null}
      </Bar>
    </BarChart>
  );
}

type WardRow = ContestStats['unitLeaderboard'][number];

function WardTable({ rows }: { rows: WardRow[] }) {
  const phone = useIsPhone();
  if (phone) {
    return (
      <Stack gap="xs" data-testid="ward-cards">
        {rows.map((r) => (
          <Card key={r.unitId} padding="sm" withBorder>
            <Text fw={600}>
              {r.rank}. {r.unitName}
            </Text>
            <Text size="sm">
              Người dự thi: <b>{formatNumber(r.participants)}</b> · Lượt thi: {formatNumber(r.attempts)}
            </Text>
            <Text size="sm">Trên 1.000 dân: {per1000(r.per1000)}</Text>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="xs" striped miw={560} data-testid="ward-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>Hạng</Table.Th>
            <Table.Th>Phường, xã</Table.Th>
            <Table.Th ta="right">Người dự thi</Table.Th>
            <Table.Th ta="right">Lượt thi</Table.Th>
            <Table.Th ta="right">Trên 1.000 dân</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.unitId}>
              <Table.Td>{r.rank}</Table.Td>
              <Table.Td>{r.unitName}</Table.Td>
              <Table.Td ta="right">{formatNumber(r.participants)}</Table.Td>
              <Table.Td ta="right">{formatNumber(r.attempts)}</Table.Td>
              <Table.Td ta="right">{per1000(r.per1000)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function Section({ title, note, children }: { title: string; note?: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} className="ct-stat-section">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {title}
          </Title>
          {note ? (
            <Text size="sm" c="dimmed">
              {note}
            </Text>
          ) : null}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

export function StatsTab({ contest }: { contest: Contest }) {
  const [roundId, setRoundId] = useState<string | null>(null);
  const query = useContestStats(contest.id, roundId, { refetchInterval: 60_000 });
  const round = contest.rounds.find((r) => r.id === roundId) ?? null;
  if (query.isPending) return <Loading label="Đang tải thống kê…" />;
  if (query.error) return <ErrorAlert error={query.error} title="Không tải được thống kê" onRetry={() => query.refetch()} />;
  const s = query.data;
  const wards = s.unitLeaderboard;

  return (
    <Stack gap="md" className="ct-stats">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Select
          label="Tuần thi"
          w={{ base: '100%', xs: 280 }}
          data={[{ value: '', label: 'Tất cả các tuần' }, ...contest.rounds.map((r) => ({ value: r.id, label: `${r.title} (${formatDate(r.opensAt)} – ${formatDate(r.closesAt)})` }))]}
          value={roundId ?? ''}
          onChange={(v) => setRoundId(v || null)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Group gap="xs" className="ct-no-print">
          <Text size="xs" c="dimmed" aria-live="polite">
            Cập nhật lúc {formatDateTime(new Date(query.dataUpdatedAt).toISOString()).slice(11)}
          </Text>
          <Button variant="default" leftSection={<IconPrinter size={18} />} onClick={() => window.print()}>
            In thống kê
          </Button>
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
        {round ? (
          <>
            <Figure label="Người dự thi trong tuần" value={s.participants} />
            <Figure label="Lượt thi trong tuần" value={s.attempts} />
            <Figure label="Bài đã nộp trong tuần" value={s.submitted} />
          </>
        ) : (
          <>
            <Figure label="Người đã đăng ký" value={s.participants} />
            <Figure label="Lượt thi" value={s.attempts} />
            <Figure label="Bài đã nộp" value={s.submitted} />
          </>
        )}
      </SimpleGrid>

      <Section title="Theo tuần thi">
        <div className="lt-table-scroll">
          <Table verticalSpacing="xs" striped miw={300}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Tuần thi</Table.Th>
                <Table.Th ta="right">Người dự thi</Table.Th>
                <Table.Th ta="right">Lượt thi</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.byRound.map((r) => (
                <Table.Tr key={r.roundId} fw={r.roundId === roundId ? 700 : undefined}>
                  <Table.Td>Tuần thi thứ {r.no}</Table.Td>
                  <Table.Td ta="right">{formatNumber(r.participants)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(r.attempts)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Section>

      <Section
        title="Theo phường, xã"
        note={`${round ? `${round.title}. ` : ''}Xếp theo số người dự thi; tỉ lệ trên 1.000 dân theo dân số của đơn vị.`}
      >
        {wards.length === 0 ? (
          <Empty title="Chưa có người dự thi" description="Số liệu hiện ra khi người dân bắt đầu làm bài." />
        ) : (
          <>
            <HBarChart data={wards.map((w) => ({ key: w.unitId, label: shortUnitName(w.unitName), value: w.participants }))} name="Người dự thi" />
            <WardTable rows={wards} />
          </>
        )}
      </Section>

      <Section title="Theo tổ chức thành viên" note={round ? round.title : undefined}>
        {s.byOrganisation.length === 0 ? (
          <Text c="dimmed">Chưa có số liệu.</Text>
        ) : (
          <div className="lt-table-scroll">
            <Table verticalSpacing="xs" striped miw={420}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Tổ chức</Table.Th>
                  <Table.Th ta="right">Người dự thi</Table.Th>
                  <Table.Th ta="right">Lượt thi</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.byOrganisation.map((o) => (
                  <Table.Tr key={o.orgUnitId ?? ''}>
                    <Table.Td>{o.orgName}</Table.Td>
                    <Table.Td ta="right">{formatNumber(o.participants)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(o.attempts)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Section>

      <Section title="Lượt thi theo ngày" note={round ? `${round.title}: ${formatDate(round.opensAt)} – ${formatDate(round.closesAt)}` : undefined}>
        {s.byDay.length === 0 ? <Text c="dimmed">Chưa có lượt thi nào.</Text> : <DayChart data={s.byDay} />}
      </Section>
    </Stack>
  );
}
