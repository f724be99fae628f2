// Audit log: who did what, when, for which unit; before → after on demand.
import { ActionIcon, Button, Card, Code, Collapse, Group, SimpleGrid, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IconChevronDown, IconChevronRight, IconFilterOff } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { PageHeader, useIsPhone } from '../components/common';
import { DateField } from '../components/DateField';
import { FilterBar, ListResults, useListParams } from '../components/ListKit';
import { SearchBox } from '../components/SearchBox';
import { api } from '../lib/api';
import { formatDateTime } from '../lib/format';
import type { AuditEntry, Paged } from '../lib/types';
import { dateOrderError } from '../lib/validate';

const PAGE_SIZE = 50;

const ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Đăng nhập',
  'auth.login_failed': 'Đăng nhập không thành công',
  'auth.logout': 'Đăng xuất',
  'auth.logout_all': 'Đăng xuất mọi thiết bị',
  'auth.change_password': 'Đổi mật khẩu',
  'auth.acting_unit': 'Chuyển đơn vị làm việc',
  'setup.admin': 'Tạo tài khoản quản trị đầu tiên',
  'unit.create': 'Thêm đơn vị',
  'unit.update': 'Sửa đơn vị',
  'unit.rename': 'Đổi tên đơn vị',
  'unit.move': 'Chuyển trực thuộc',
  'unit.close': 'Kết thúc hoạt động đơn vị',
  'unit.merge': 'Hợp nhất đơn vị',
  'unit.split': 'Chia tách đơn vị',
  'unit.import': 'Nhập đơn vị từ Excel',
  'user.create': 'Tạo người dùng',
  'user.update': 'Sửa người dùng',
  'user.disable': 'Vô hiệu hóa người dùng',
  'user.enable': 'Kích hoạt lại người dùng',
  'user.unlock': 'Mở khóa tài khoản',
  'user.reset_password': 'Đặt lại mật khẩu',
  'user.import': 'Nhập người dùng từ Excel',
  'grant.create': 'Cấp quyền',
  'grant.end': 'Kết thúc vai trò',
  'grant.transfer': 'Chuyển đơn vị công tác',
};

function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) {
    return (
      <Text size="sm" c="dimmed">
        (không có)
      </Text>
    );
  }
  let text: string;
  try {
    text = JSON.stringify(value, null, 2);
  } catch {
    text = String(value);
  }
  return (
    <Code block className="lt-json">
      {text}
    </Code>
  );
}

function Detail({ entry }: { entry: AuditEntry }) {
  return (
    <Stack gap="xs" data-testid="audit-detail">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            Trước
          </Text>
          <Json value={entry.before} />
        </Stack>
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            Sau
          </Text>
          <Json value={entry.after} />
        </Stack>
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {[
          entry.entityType ? `Đối tượng: ${entry.entityType}` : null,
          entry.entityId ? `Mã: ${entry.entityId}` : null,
          entry.ip ? `IP: ${entry.ip}` : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </Stack>
  );
}

export default function AuditPage() {
  const { params, page, set: setParam, setPage } = useListParams();
  const phone = useIsPhone();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [action, setAction] = useState(params.get('hanhDong') ?? '');
  const from = params.get('tu');
  const to = params.get('den');
  const [debSearch] = useDebouncedValue(search.trim(), 300);
  const [debAction] = useDebouncedValue(action.trim(), 300);
  const [open, setOpen] = useState<Set<string | number>>(new Set());
  const rangeError = dateOrderError(from, to);

  const filters = { search: debSearch, action: debAction, from, to, page };
  const query = useQuery({
    queryKey: ['audit', filters],
    queryFn: ({ signal }) => api.get<Paged<AuditEntry>>('/api/audit', { ...filters, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
    enabled: !rangeError,
  });
  const toggle = (id: string | number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const hasFilters = !!(search || action || from || to);

  return (
    <Stack gap="md">
      <PageHeader
        title="Nhật ký hệ thống"
        description="Mọi thay đổi trong hệ thống: ai làm, lúc nào (giờ Việt Nam), tại đơn vị nào."
      />

      <FilterBar
        cols={{ base: 1, sm: 2, lg: 4 }}
        className="lt-audit-filters"
        below={
          hasFilters ? (
            <Group>
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={<IconFilterOff size={16} />}
                onClick={() => {
                  setSearch('');
                  setAction('');
                  setParam({ q: null, hanhDong: null, tu: null, den: null, trang: null });
                }}
              >
                Bỏ lọc
              </Button>
            </Group>
          ) : undefined
        }
      >
        <SearchBox
          label="Tìm kiếm"
          placeholder="Người dùng, nội dung…"
          value={search}
          onChange={(v) => {
            setSearch(v);
            setParam({ q: v || null, trang: null });
          }}
        />
        <TextInput
          label="Hành động"
          placeholder="Ví dụ: unit.merge"
          value={action}
          onChange={(e) => {
            setAction(e.currentTarget.value);
            setParam({ hanhDong: e.currentTarget.value || null, trang: null });
          }}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <DateField label="Từ ngày" clearable value={from} onChange={(v) => setParam({ tu: v, trang: null })} />
          <DateField
            label="Đến ngày"
            clearable
            value={to}
            onChange={(v) => setParam({ den: v, trang: null })}
            error={rangeError ?? undefined}
          />
        </SimpleGrid>
      </FilterBar>

      {rangeError ? null : (
        <ListResults
          query={query}
          loadingLabel="Đang tải nhật ký…"
          errorTitle="Không tải được nhật ký"
          empty={{
            title: 'Không có bản ghi nào',
            description: hasFilters ? 'Hãy nới điều kiện lọc (ví dụ bỏ khoảng ngày).' : 'Chưa có hoạt động nào được ghi lại.',
          }}
          count={(total) => `${total} bản ghi, mới nhất trước`}
          page={page}
          onPage={setPage}
        >
          {(items) =>
            phone ? (
                <Stack gap="sm" data-testid="audit-cards">
                  {items.map((e) => {
                    const isOpen = open.has(e.id);
                    return (
                      <Card key={e.id} padding="sm">
                        <Stack gap={4}>
                          <Group justify="space-between" wrap="nowrap" align="flex-start">
                            <Stack gap={2} style={{ minWidth: 0 }}>
                              <Text fw={600}>{actionLabel(e.action)}</Text>
                              <Text size="sm" c="dimmed">
                                {formatDateTime(e.at)} · {e.username ?? 'Hệ thống'}
                              </Text>
                            </Stack>
                          </Group>
                          {e.actingUnitName ? <Text size="sm">Đơn vị: {e.actingUnitName}</Text> : null}
                          {e.summary ? (
                            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                              {e.summary}
                            </Text>
                          ) : null}
                          <Group>
                            <Button
                              variant="subtle"
                              size="compact-sm"
                              onClick={() => toggle(e.id)}
                              aria-expanded={isOpen}
                              leftSection={isOpen ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                            >
                              {isOpen ? 'Ẩn chi tiết' : 'Xem chi tiết'}
                            </Button>
                          </Group>
                          <Collapse expanded={isOpen}>{isOpen ? <Detail entry={e} /> : null}</Collapse>
                        </Stack>
                      </Card>
                    );
                  })}
                </Stack>
              ) : (
                <div className="lt-table-scroll">
                  <Table verticalSpacing="sm" miw={900} data-testid="audit-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={44}>
                          <VisuallyHidden>Chi tiết</VisuallyHidden>
                        </Table.Th>
                        <Table.Th>Thời gian</Table.Th>
                        <Table.Th>Người thực hiện</Table.Th>
                        <Table.Th>Đơn vị làm việc</Table.Th>
                        <Table.Th>Hành động</Table.Th>
                        <Table.Th>Nội dung</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((e) => {
                        const isOpen = open.has(e.id);
                        return (
                          <Fragment key={e.id}>
                            <Table.Tr>
                              <Table.Td>
                                <ActionIcon
                                  variant="subtle"
                                  color="gray"
                                  onClick={() => toggle(e.id)}
                                  aria-expanded={isOpen}
                                  aria-label={isOpen ? 'Ẩn chi tiết trước và sau' : 'Xem chi tiết trước và sau'}
                                >
                                  {isOpen ? <IconChevronDown size={18} /> : <IconChevronRight size={18} />}
                                </ActionIcon>
                              </Table.Td>
                              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                              <Table.Td>
                                {e.username ?? (
                                  <Text c="dimmed" size="sm">
                                    Hệ thống
                                  </Text>
                                )}
                              </Table.Td>
                              <Table.Td>
                                {e.actingUnitName ?? (
                                  <Text c="dimmed" size="sm">
                                    —
                                  </Text>
                                )}
                              </Table.Td>
                              <Table.Td>
                                <Text size="sm" fw={500}>
                                  {actionLabel(e.action)}
                                </Text>
                                {ACTION_LABELS[e.action] ? (
                                  <Text size="xs" c="dimmed" ff="monospace">
                                    {e.action}
                                  </Text>
                                ) : null}
                              </Table.Td>
                              <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.summary}</Table.Td>
                            </Table.Tr>
                            {isOpen ? (
                              <Table.Tr>
                                <Table.Td />
                                <Table.Td colSpan={5}>
                                  <Detail entry={e} />
                                </Table.Td>
                              </Table.Tr>
                            ) : null}
                          </Fragment>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </div>
              )
          }
        </ListResults>
      )}
    </Stack>
  );
}
