// One unit: its data, where it belongs (over time), its children, succession and history.
import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  List,
  Menu,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  IconArrowMerge,
  IconArrowsMove,
  IconCircleDot,
  IconDots,
  IconEdit,
  IconPlus,
  IconPower,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Empty, ErrorAlert, Field, Loading, PageHeader } from '../components/common';
import { CloseUnitModal, CreateUnitModal, EditUnitModal, MoveUnitModal } from '../components/UnitForms';
import { api } from '../lib/api';
import { useCan } from '../lib/auth';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { eventLabel, kindLabel, levelLabel } from '../lib/labels';
import type { UnitDetail } from '../lib/types';
import { UnitBadges } from '../components/UnitBadges';

type ModalName = 'edit' | 'move' | 'close' | 'child' | null;

function UnitLink({ id, name }: { id: string; name: string }) {
  return (
    <Anchor component={Link} to={`/don-vi/${id}`}>
      {name}
    </Anchor>
  );
}

function period(from: string | null, to: string | null): string {
  return `${from ? formatDate(from) : '…'} – ${to ? formatDate(to) : 'nay'}`;
}

export default function UnitDetailPage() {
  const { id = '' } = useParams();
  const canManage = useCan('unit.manage');
  const [modal, setModal] = useState<ModalName>(null);
  const query = useQuery({
    queryKey: ['unit', id],
    queryFn: ({ signal }) => api.get<UnitDetail>(`/api/units/${encodeURIComponent(id)}`, undefined, signal),
    enabled: !!id,
  });
  const unit = query.data;

  if (query.isPending) return <Loading label="Đang tải đơn vị…" />;
  if (query.error || !unit) {
    return (
      <Stack>
        <Breadcrumbs>
          <Anchor component={Link} to="/don-vi">
            Đơn vị
          </Anchor>
        </Breadcrumbs>
        <ErrorAlert error={query.error} title="Không tải được đơn vị" onRetry={() => query.refetch()} />
      </Stack>
    );
  }

  const editable = canManage && !unit.readOnly && unit.active;
  const events = [...unit.events].sort(
    (a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.createdAt.localeCompare(b.createdAt),
  );
  const nameOf = new Map<string, string>([
    ...unit.lineage.map((l) => [l.id, l.name] as [string, string]),
    ...unit.predecessors.map((p) => [p.id, p.name] as [string, string]),
    ...unit.successors.map((s) => [s.id, s.name] as [string, string]),
    ...unit.children.map((c) => [c.id, c.name] as [string, string]),
  ]);
  const lineage = [...unit.lineage].sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name, 'vi'));
  const children = [...unit.children].sort(
    (a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'vi'),
  );

  return (
    <Stack gap="md">
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/don-vi">
              Đơn vị
            </Anchor>
            <Text size="sm" c="dimmed" truncate="end" maw={260}>
              {unit.shortName || unit.name}
            </Text>
          </Breadcrumbs>
        }
        title={unit.name}
        description={
          <Group gap={8} component="span" wrap="wrap">
            <Badge color="frontBlue" variant="light">
              {kindLabel(unit.kind)}
            </Badge>
            {unit.level ? (
              <Badge color="gray" variant="light">
                {levelLabel(unit.level)}
              </Badge>
            ) : null}
            {unit.active ? (
              <Badge color="green" variant="light">
                Đang hoạt động
              </Badge>
            ) : null}
            <UnitBadges unit={unit} />
          </Group>
        }
        actions={
          editable ? (
            <>
              <Button leftSection={<IconEdit size={18} />} onClick={() => setModal('edit')}>
                Sửa thông tin
              </Button>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button variant="default" leftSection={<IconDots size={18} />}>
                    Thao tác khác
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => setModal('child')}>
                    Thêm đơn vị trực thuộc
                  </Menu.Item>
                  <Menu.Item leftSection={<IconArrowsMove size={16} />} onClick={() => setModal('move')}>
                    Chuyển trực thuộc
                  </Menu.Item>
                  <Menu.Item
                    leftSection={<IconArrowMerge size={16} />}
                    component={Link}
                    to={`/don-vi/hop-nhat?nguon=${encodeURIComponent(unit.id)}`}
                  >
                    Ghi nhận hợp nhất
                  </Menu.Item>
                  <Menu.Divider />
                  <Menu.Item color="red" leftSection={<IconPower size={16} />} onClick={() => setModal('close')}>
                    Kết thúc hoạt động
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </>
          ) : null
        }
      />

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card>
          <Stack gap="md">
            <Title order={2} size="h3">
              Thông tin
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
              <Field label="Mã đơn vị">{unit.code}</Field>
              <Field label="Tên viết tắt">{unit.shortName}</Field>
              <Field label="Hoạt động từ ngày">{formatDate(unit.validFrom)}</Field>
              <Field label="Hoạt động đến ngày">{unit.validTo ? formatDate(unit.validTo) : 'Đang hoạt động'}</Field>
              <Field label="Điện thoại">{unit.phone}</Field>
              <Field label="Email">
                {unit.email ? <Anchor href={`mailto:${unit.email}`}>{unit.email}</Anchor> : null}
              </Field>
              <Field label="Nhiệm kỳ">{unit.term}</Field>
              <Field label="Số dân">{formatNumber(unit.population)}</Field>
            </SimpleGrid>
            <Field label="Địa chỉ">{unit.address}</Field>
            {unit.note ? <Field label="Ghi chú">{unit.note}</Field> : null}
          </Stack>
        </Card>

        <Stack gap="md">
          <Card>
            <Stack gap="sm">
              <Title order={2} size="h3">
                Trực thuộc
              </Title>
              {unit.parents.length === 0 ? (
                <Text c="dimmed">Đơn vị cấp cao nhất, không trực thuộc đơn vị nào.</Text>
              ) : (
                <div className="lt-table-scroll" style={{ maxHeight: 260 }}>
                  <Table verticalSpacing={6} miw={300}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Đơn vị cấp trên</Table.Th>
                        <Table.Th>Thời gian</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {unit.parents.map((p) => (
                        <Table.Tr key={`${p.parentId}-${p.validFrom}`}>
                          <Table.Td>
                            <UnitLink id={p.parentId} name={p.parentName} />
                          </Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>{period(p.validFrom, p.validTo)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </div>
              )}
            </Stack>
          </Card>

          <Card>
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={2} size="h3">
                  Đơn vị trực thuộc
                </Title>
                {editable ? (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    leftSection={<IconPlus size={16} />}
                    onClick={() => setModal('child')}
                  >
                    Thêm
                  </Button>
                ) : null}
              </Group>
              {children.length === 0 ? (
                <Text c="dimmed">Không có đơn vị trực thuộc.</Text>
              ) : (
                <List spacing={6} listStyleType="none" ml={0} pl={0}>
                  {children.map((c) => (
                    <List.Item key={c.id}>
                      <Group gap={8} wrap="wrap">
                        <UnitLink id={c.id} name={c.name} />
                        <UnitBadges unit={c} />
                      </Group>
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </Card>
        </Stack>
      </SimpleGrid>

      <Card>
        <Stack gap="md">
          <Title order={2} size="h3">
            Kế thừa
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Stack gap={6}>
              <Text fw={600}>Đơn vị tiền thân trực tiếp</Text>
              {unit.predecessors.length === 0 ? (
                <Text c="dimmed">Không có.</Text>
              ) : (
                unit.predecessors.map((p) => (
                  <Text key={p.id}>
                    <UnitLink id={p.id} name={p.name} />{' '}
                    <Text span c="dimmed" size="sm">
                      (từ {formatDate(p.effectiveDate)})
                    </Text>
                  </Text>
                ))
              )}
            </Stack>
            <Stack gap={6}>
              <Text fw={600}>Đơn vị kế thừa</Text>
              {unit.successors.length === 0 ? (
                <Text c="dimmed">Không có.</Text>
              ) : (
                unit.successors.map((s) => (
                  <Text key={s.id}>
                    <UnitLink id={s.id} name={s.name} />{' '}
                    <Text span c="dimmed" size="sm">
                      (từ {formatDate(s.effectiveDate)})
                    </Text>
                  </Text>
                ))
              )}
            </Stack>
          </SimpleGrid>
          <Stack gap={6}>
            <Text fw={600}>Các đơn vị tiền thân</Text>
            {lineage.length === 0 ? (
              <Text c="dimmed">Đơn vị không được hình thành từ đơn vị nào khác.</Text>
            ) : (
              <List spacing={4} listStyleType="none" ml={0} pl={0} data-testid="unit-lineage">
                {lineage.map((l) => (
                  <List.Item key={l.id} pl={(Math.max(l.depth, 1) - 1) * 20}>
                    <UnitLink id={l.id} name={l.name} />{' '}
                    <Text span c="dimmed" size="sm">
                      ({period(l.validFrom, l.validTo)})
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
          </Stack>
        </Stack>
      </Card>

      <Card>
        <Stack gap="md">
          <Title order={2} size="h3">
            Lịch sử
          </Title>
          {events.length === 0 ? (
            <Empty title="Chưa có sự kiện nào được ghi nhận" />
          ) : (
            <Timeline bulletSize={22} lineWidth={2} active={events.length - 1} color="frontRed">
              {events.map((e) => (
                <Timeline.Item
                  key={e.id}
                  bullet={<IconCircleDot size={12} />}
                  title={
                    <Group gap={8} wrap="wrap">
                      <Text fw={600}>{eventLabel(e.kind)}</Text>
                      <Text c="dimmed" size="sm">
                        ngày {formatDate(e.effectiveDate)}
                      </Text>
                    </Group>
                  }
                >
                  {e.unitId !== unit.id ? (
                    <Text size="sm" c="dimmed">
                      Tại{' '}
                      {nameOf.has(e.unitId) ? (
                        <UnitLink id={e.unitId} name={nameOf.get(e.unitId) ?? ''} />
                      ) : (
                        'đơn vị tiền thân'
                      )}
                    </Text>
                  ) : null}
                  {e.note ? <Text size="sm">{e.note}</Text> : null}
                  <Text size="xs" c="dimmed" mt={2}>
                    Ghi nhận lúc {formatDateTime(e.createdAt)}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </Stack>
      </Card>

      {editable ? (
        <>
          <EditUnitModal
            unit={unit}
            opened={modal === 'edit'}
            onClose={() => setModal(null)}
            onReload={() => query.refetch().then((r) => r.data)}
          />
          <MoveUnitModal unit={unit} opened={modal === 'move'} onClose={() => setModal(null)} />
          <CloseUnitModal unit={unit} opened={modal === 'close'} onClose={() => setModal(null)} />
          <CreateUnitModal opened={modal === 'child'} onClose={() => setModal(null)} defaultParentId={unit.id} />
        </>
      ) : null}
    </Stack>
  );
}
