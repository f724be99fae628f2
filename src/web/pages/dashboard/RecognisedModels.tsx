// Dashboard card: recognised good models and exemplary people per unit (to date), linked to the registry.
import { Anchor, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { StatusBadge } from '../../components/common';
import type { DashboardUnits } from '../../lib/dashboard';
import { formatNumber } from '../../lib/format';
import { SectionTitle } from './Sections';

export function RecognisedModels({ units }: { units: DashboardUnits }) {
  const rec = units.recognised;
  if (!rec) return null;
  const link = (unitId: string) => `/mo-hinh?donVi=${encodeURIComponent(unitId)}&trangThai=accepted`;
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="dash-recognised" className="lt-dash-section" data-testid="dash-recognised">
      <Stack gap="xs">
        <Group gap="xs">
          <SectionTitle id="dash-recognised">Mô hình hay, gương điển hình được công nhận</SectionTitle>
          <StatusBadge tone="green">{formatNumber(rec.total)}</StatusBadge>
        </Group>
        <Text size="sm" c="dimmed">
          Lũy kế đến nay theo đơn vị đề xuất: {formatNumber(rec.model)} mô hình hay, {formatNumber(rec.person)} gương điển hình; {formatNumber(rec.published)} hồ sơ đang công khai.
        </Text>
        {rec.rows.length ? (
          <div className="lt-table-scroll">
            <Table verticalSpacing={6} striped miw={440}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Đơn vị</Table.Th>
                  <Table.Th ta="right">Mô hình</Table.Th>
                  <Table.Th ta="right">Gương</Table.Th>
                  <Table.Th ta="right">Tổng</Table.Th>
                  <Table.Th ta="right">Công khai</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rec.rows.map((r) => (
                  <Table.Tr key={r.unitId}>
                    <Table.Td>
                      <Anchor component={Link} to={link(r.unitId)} size="sm">
                        {r.kind === 'self' ? `${r.label} (trực tiếp)` : r.label}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(r.model)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(r.person)}</Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {formatNumber(r.total)}
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(r.published)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        ) : (
          <Text size="sm" c="dimmed">
            Chưa có đơn vị trực thuộc.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
