// Unit × topic coverage: how many accepted activities each unit held on each top-level topic of the campaign.
// Empty cells carry the words "Chưa có" (not colour alone); the first column stays put while the grid scrolls.
import { Anchor, Box, Group, List, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { StatusBadge } from '../../components/common';
import { activitiesLink, type DashboardCoverage, shortUnitName } from '../../lib/dashboard';
import { formatNumber } from '../../lib/format';
import { SectionTitle } from './Sections';

export function CoverageGrid({ data }: { data: DashboardCoverage }) {
  const { topics, units, cells, uncovered, filter } = data;
  const total = topics.length * units.length;
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="dash-coverage" className="lt-dash-section" data-testid="coverage">
      <Stack gap="sm">
        <Group gap="xs" wrap="wrap">
          <SectionTitle id="dash-coverage">Độ phủ nội dung tuyên truyền</SectionTitle>
          {total ? (
            <StatusBadge tone={uncovered ? 'orange' : 'green'}>
              {uncovered ? `${formatNumber(uncovered)}/${formatNumber(total)} ô chưa có` : 'Đã phủ đủ'}
            </StatusBadge>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed">
          Số hoạt động của từng đơn vị về từng nội dung trong kỳ. Ô ghi «Chưa có» là nội dung đơn vị chưa tuyên truyền.
        </Text>
        {topics.length === 0 || units.length === 0 ? (
          <Text size="sm" c="dimmed">
            {topics.length === 0 ? 'Chương trình chưa có nội dung tuyên truyền.' : 'Không có đơn vị trực thuộc.'}
          </Text>
        ) : (
          <>
            <Group gap="md" wrap="wrap" aria-label="Chú giải" className="lt-dash-legend">
              <Group gap={6} wrap="nowrap">
                <Box className="lt-cov-swatch lt-cov-empty" aria-hidden>
                  —
                </Box>
                <Text size="sm">Chưa có: chưa có hoạt động về nội dung này</Text>
              </Group>
              <Group gap={6} wrap="nowrap">
                <Box className="lt-cov-swatch" aria-hidden>
                  3
                </Box>
                <Text size="sm">Số hoạt động (bấm để xem danh sách)</Text>
              </Group>
            </Group>
            <div className="lt-cov-scroll" role="region" aria-label="Bảng độ phủ nội dung, cuộn ngang để xem hết">
              <table className="lt-cov-table">
                <caption className="lt-dash-sr">Số hoạt động theo đơn vị và nội dung</caption>
                <thead>
                  <tr>
                    <th scope="col" className="lt-cov-unit">
                      Đơn vị
                    </th>
                    {topics.map((t) => (
                      <th key={t.key} scope="col" title={t.label}>
                        {t.code || t.label}
                      </th>
                    ))}
                    <th scope="col">Đã phủ</th>
                  </tr>
                </thead>
                <tbody>
                  {units.map((u, i) => {
                    const row = cells[i] ?? [];
                    const covered = row.filter((n) => n > 0).length;
                    return (
                      <tr key={u.key}>
                        <th scope="row" className="lt-cov-unit" title={u.label}>
                          {shortUnitName(u.label)}
                        </th>
                        {topics.map((t, j) => {
                          const n = row[j] ?? 0;
                          return n > 0 ? (
                            <td key={t.key}>
                              <Anchor
                                component={Link}
                                to={activitiesLink(filter, { unitId: u.key, topicId: t.key })}
                                aria-label={`${shortUnitName(u.label)}, nội dung ${t.code}: ${formatNumber(n)} hoạt động`}
                              >
                                {formatNumber(n)}
                              </Anchor>
                            </td>
                          ) : (
                            <td key={t.key} className="lt-cov-empty">
                              Chưa có
                            </td>
                          );
                        })}
                        <td className="lt-cov-sum">
                          {covered}/{topics.length}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <List size="sm" spacing={2} className="lt-cov-topics">
              {topics.map((t) => (
                <List.Item key={t.key}>
                  <Text span fw={600} size="sm">
                    {t.code}
                  </Text>
                  {t.code ? ': ' : ''}
                  {t.label}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Paper>
  );
}
