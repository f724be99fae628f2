// The statistics of a report: headline totals and the tables by form, by unit and by month (scroll sideways on phones).
import { Alert, Card, Group, Paper, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconLock, IconRefresh } from '@tabler/icons-react';
import type { CSSProperties } from 'react';
import { Empty, useIsPhone } from '../../components/common';
import { formatDate, formatDateTime } from '../../lib/format';
import { type FigureRow, type Measure, type ReportFigures, vnNumber } from '../../lib/reports';

/** The totals shown large above the tables, when the period has them. */
const HEADLINE = ['activities', 'attendance', 'sessions', 'digitalHelped', 'views', 'leaflets', 'articles', 'broadcasts'];

const STICKY: CSSProperties = {
  position: 'sticky',
  left: 0,
  background: 'var(--mantine-color-white)',
  zIndex: 1,
  minWidth: 'min(220px, 42vw)',
  maxWidth: 300,
};

function FigureTable({
  rows,
  measures,
  totals,
  firstHeader,
  caption,
}: {
  rows: FigureRow[];
  measures: Measure[];
  totals: Record<string, number>;
  firstHeader: string;
  caption: string;
}) {
  if (rows.length === 0) return <Empty title="Chưa có số liệu" description="Trong kỳ chưa có hoạt động nào được báo cáo." />;
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="xs" horizontalSpacing="sm" striped highlightOnHover withColumnBorders miw={Math.max(480, 170 + measures.length * 110)}>
        <caption style={{ position: 'absolute', left: -10000 }}>{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={{ ...STICKY, background: 'var(--mantine-color-gray-0)', zIndex: 2 }}>{firstHeader}</Table.Th>
            {measures.map((m) => (
              <Table.Th key={m.key} ta="right" style={{ whiteSpace: 'normal', minWidth: 96, verticalAlign: 'bottom' }}>
                <Text size="sm" fw={600} lh={1.25}>
                  {m.label}
                </Text>
                {m.unit ? (
                  <Text size="xs" c="dimmed" fw={400}>
                    ({m.unit})
                  </Text>
                ) : null}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td style={STICKY}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {r.label}
                </Text>
              </Table.Td>
              {measures.map((m) => (
                <Table.Td key={m.key} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {vnNumber(r.values[m.key] ?? 0)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th style={{ ...STICKY, background: 'var(--mantine-color-gray-0)' }}>Tổng cộng</Table.Th>
            {measures.map((m) => (
              <Table.Th key={m.key} ta="right" style={{ fontVariantNumeric: 'tabular-nums', background: 'var(--mantine-color-gray-0)' }}>
                {vnNumber(totals[m.key] ?? 0)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </div>
  );
}

export function ReportFiguresCard({ figures, live }: { figures: ReportFigures; live: boolean }) {
  const phone = useIsPhone();
  const byKey = new Map(figures.measures.map((m) => [m.key, m]));
  const preferred = HEADLINE.flatMap((k) => (byKey.has(k) && figures.totals[k] ? [byKey.get(k) as Measure] : []));
  const headline = (preferred.length >= 2 ? preferred : figures.measures).slice(0, 4);
  return (
    <Card component="section" aria-label="Số liệu thống kê" data-testid="report-figures">
      <Stack gap="md">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={2} size="h4">
            Số liệu thống kê
          </Title>
          <Text size="sm" c="dimmed">
            Từ {formatDate(figures.filter.from)} đến {formatDate(figures.filter.to)}
          </Text>
        </Group>
        {figures.frozenAt ? (
          <Alert color="gray" variant="light" icon={<IconLock aria-hidden />} py="xs">
            <Text size="sm">Số liệu đã chốt lúc {formatDateTime(figures.frozenAt)}, khi gửi báo cáo; không thay đổi nữa.</Text>
          </Alert>
        ) : live ? (
          <Alert color="frontBlue" variant="light" icon={<IconRefresh aria-hidden />} py="xs">
            <Text size="sm">
              Số liệu tính theo các hoạt động đã báo cáo đến hiện tại; được chốt khi gửi báo cáo. Bấm «Làm mới số liệu» để cập nhật
              phần nội dung theo số liệu mới.
            </Text>
          </Alert>
        ) : null}
        {headline.length ? (
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            {headline.map((m) => (
              <Paper key={m.key} withBorder p="sm" radius="md">
                <Text fz={24} fw={700} lh={1.2} c="frontRed.8" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {vnNumber(figures.totals[m.key] ?? 0)}
                </Text>
                <Text size="sm" lh={1.3}>
                  {m.label}
                  {m.unit ? (
                    <Text span c="dimmed" size="xs">
                      {' '}
                      ({m.unit})
                    </Text>
                  ) : null}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
        ) : null}
        <Tabs defaultValue="form" keepMounted={false}>
          <Tabs.List style={{ flexWrap: 'wrap' }}>
            <Tabs.Tab value="form" aria-label="Theo hình thức">
              {phone ? 'Hình thức' : 'Theo hình thức'}
            </Tabs.Tab>
            <Tabs.Tab value="unit" aria-label="Theo đơn vị">
              {phone ? 'Đơn vị' : 'Theo đơn vị'}
            </Tabs.Tab>
            <Tabs.Tab value="month" aria-label="Theo tháng">
              {phone ? 'Tháng' : 'Theo tháng'}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="form" pt="sm">
            <FigureTable rows={figures.byForm} measures={figures.measures} totals={figures.totals} firstHeader="Hình thức" caption="Thống kê theo hình thức" />
          </Tabs.Panel>
          <Tabs.Panel value="unit" pt="sm">
            <FigureTable rows={figures.byUnit} measures={figures.measures} totals={figures.totals} firstHeader="Đơn vị" caption="Thống kê theo đơn vị" />
          </Tabs.Panel>
          <Tabs.Panel value="month" pt="sm">
            <FigureTable rows={figures.byMonth} measures={figures.measures} totals={figures.totals} firstHeader="Tháng" caption="Thống kê theo tháng" />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Card>
  );
}
