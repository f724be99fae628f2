// People who use the workspace: search, list (cards on phones), create, import.
import { useUrlSearch } from '../lib/useUrlSearch';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Pagination,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconChevronDown,
  IconDownload,
  IconFileSpreadsheet,
  IconSearch,
  IconUpload,
  IconUserPlus,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AppModal, Empty, ErrorAlert, FormErrorSummary, Loading, PageHeader, useIsPhone } from '../components/common';
import { ImportModal } from '../components/ImportModal';
import { UnitSelect } from '../components/UnitSelect';
import { api } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { roleLabel } from '../lib/labels';
import type { Paged, User } from '../lib/types';
import { useForm } from '../lib/useForm';
import { UserStatusBadges } from '../lib/users';
import { emailError, PASSWORD_HINT, passwordError, phoneError, required, usernameError } from '../lib/validate';

const PAGE_SIZE = 20;

function CurrentRoles({ user }: { user: User }) {
  const current = user.grants.filter((g) => g.current);
  if (current.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Chưa có vai trò
      </Text>
    );
  return (
    <Stack gap={4}>
      {current.map((g) => (
        <Group key={g.id} gap={6} wrap="wrap">
          <Badge color="frontRed" variant="light">
            {roleLabel(g.role)}
          </Badge>
          <Text size="sm">{g.unitName}</Text>
        </Group>
      ))}
    </Stack>
  );
}

function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <AppModal opened={opened} onClose={onClose} title="Tạo tài khoản người dùng">
      {opened ? <CreateUserBody opened={opened} onClose={onClose} /> : null}
    </AppModal>
  );
}

function CreateUserBody({ onClose }: { opened: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const initial = { username: '', fullName: '', email: '', phone: '', position: '', password: '' };
  const form = useForm(initial, {
    username: usernameError,
    fullName: required('Hãy nhập họ và tên.'),
    email: emailError,
    phone: phoneError,
    password: (v, all) => passwordError(v, all.username),
  });

  const create = useMutation({
    mutationFn: () => {
      const v = form.values;
      return api.post<User>('/api/users', {
        username: v.username.trim(),
        fullName: v.fullName.trim(),
        email: v.email.trim() || undefined,
        phone: v.phone.trim() || undefined,
        position: v.position.trim() || undefined,
        password: v.password,
      });
    },
    onSuccess: (user) => {
      client.invalidateQueries({ queryKey: ['users'] });
      notifications.show({
        color: 'green',
        title: 'Đã tạo tài khoản',
        message: `${user.fullName} sẽ phải đổi mật khẩu ở lần đăng nhập đầu tiên. Hãy cấp quyền cho người này.`,
      });
      onClose();
      navigate(`/nguoi-dung/${user.id}`);
    },
  });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.validate()) create.mutate();
      }}
    >
      <Stack gap="md">
        <FormErrorSummary messages={form.summary} serverError={create.error} />
        <TextInput
          label="Tên đăng nhập"
          description="Ví dụ: nguyenvana.tamky"
          autoCapitalize="none"
          autoComplete="off"
          required
          {...form.text('username')}
        />
        <TextInput label="Họ và tên" required {...form.text('fullName')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label="Email" type="email" {...form.text('email')} />
          <TextInput label="Điện thoại" type="tel" {...form.text('phone')} />
        </SimpleGrid>
        <TextInput label="Chức vụ" placeholder="Ví dụ: Phó Chủ tịch Ủy ban MTTQ phường" {...form.text('position')} />
        <PasswordInput
          label="Mật khẩu ban đầu"
          description={`${PASSWORD_HINT} Người dùng phải đổi ở lần đăng nhập đầu tiên.`}
          autoComplete="new-password"
          required
          {...form.text('password')}
        />
        <Group justify="flex-end" className="lt-sticky-actions">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button type="submit" loading={create.isPending}>
            Tạo tài khoản
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function UsersPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const unitId = params.get('donVi');
  const [search, changeSearch] = useUrlSearch();
  const debounced = params.get('q') ?? '';
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const client = useQueryClient();
  const phone = useIsPhone();

  const setParam = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, val] of Object.entries(entries)) {
      if (val) next.set(k, val);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };


  const query = useQuery({
    queryKey: ['users', { search: debounced, unitId, page }],
    queryFn: ({ signal }) =>
      api.get<Paged<User>>('/api/users', { search: debounced, unitId, page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const totalPages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <Stack gap="md">
      <PageHeader
        title="Người dùng"
        description="Tài khoản cán bộ và quyền của họ tại từng đơn vị."
        actions={
          <>
            <Button leftSection={<IconUserPlus size={18} />} onClick={() => setCreating(true)}>
              Tạo tài khoản
            </Button>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button
                  variant="default"
                  leftSection={<IconFileSpreadsheet size={18} />}
                  rightSection={<IconChevronDown size={16} />}
                >
                  Excel
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component="a" href="/api/users/export.xlsx" download leftSection={<IconDownload size={16} />}>
                  Xuất Excel
                </Menu.Item>
                <Menu.Item leftSection={<IconUpload size={16} />} onClick={() => setImporting(true)}>
                  Nhập từ Excel
                </Menu.Item>
                <Menu.Item
                  component="a"
                  href="/api/users/template.xlsx"
                  download
                  leftSection={<IconDownload size={16} />}
                >
                  Tải tệp mẫu nhập
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Tìm người dùng"
            placeholder="Tên, email hoặc điện thoại"
            leftSection={<IconSearch size={18} aria-hidden />}
            value={search}
            onChange={(e) => changeSearch(e.currentTarget.value)}
            rightSection={
              search ? (
                <ActionIcon variant="subtle" color="gray" aria-label="Xóa tìm kiếm" onClick={() => changeSearch('')}>
                  <IconX size={16} />
                </ActionIcon>
              ) : null
            }
          />
          <UnitSelect
            label="Đơn vị"
            placeholder="Tất cả đơn vị"
            value={unitId}
            onChange={(id) => setParam({ donVi: id, trang: null })}
          />
        </SimpleGrid>
      </Paper>

      {query.isPending ? (
        <Loading label="Đang tải danh sách người dùng…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được danh sách người dùng" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            title={debounced || unitId ? 'Không có người dùng phù hợp' : 'Chưa có người dùng nào'}
            description={
              debounced || unitId
                ? 'Hãy thử từ khóa khác hoặc bỏ lọc theo đơn vị.'
                : 'Hãy tạo tài khoản cho cán bộ, hoặc nhập danh sách từ Excel.'
            }
            action={
              <Button leftSection={<IconUserPlus size={18} />} onClick={() => setCreating(true)}>
                Tạo tài khoản
              </Button>
            }
          />
        </Paper>
      ) : (
        <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {data.total} người dùng
          </Text>
          {phone ? (
            <Stack gap="sm" data-testid="user-cards">
              {data.items.map((u) => (
                <Card key={u.id} padding="md">
                  <Stack gap={6}>
                    <Anchor component={Link} to={`/nguoi-dung/${u.id}`} fw={600}>
                      {u.fullName}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      {u.username}
                      {u.position ? ` · ${u.position}` : ''}
                    </Text>
                    <UserStatusBadges user={u} />
                    <CurrentRoles user={u} />
                  </Stack>
                </Card>
              ))}
            </Stack>
          ) : (
            <div className="lt-table-scroll">
              <Table striped highlightOnHover verticalSpacing="sm" miw={820} data-testid="user-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Họ và tên</Table.Th>
                    <Table.Th>Chức vụ</Table.Th>
                    <Table.Th>Vai trò hiện tại</Table.Th>
                    <Table.Th>Trạng thái</Table.Th>
                    <Table.Th>Đăng nhập gần nhất</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((u) => (
                    <Table.Tr key={u.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/nguoi-dung/${u.id}`} fw={600}>
                          {u.fullName}
                        </Anchor>
                        <Text size="sm" c="dimmed">
                          {u.username}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {u.position || (
                          <Text c="dimmed" size="sm">
                            —
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <CurrentRoles user={u} />
                      </Table.Td>
                      <Table.Td>
                        <UserStatusBadges user={u} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {u.lastLoginAt ? (
                          formatDateTime(u.lastLoginAt)
                        ) : (
                          <Text c="dimmed" size="sm">
                            Chưa đăng nhập
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
          {totalPages > 1 ? (
            <Group justify="center">
              <Pagination
                total={totalPages}
                value={page}
                onChange={(p) => setParam({ trang: p > 1 ? String(p) : null })}
                siblings={phone ? 0 : 1}
                getControlProps={(control) => ({
                  'aria-label':
                    control === 'next'
                      ? 'Trang sau'
                      : control === 'previous'
                        ? 'Trang trước'
                        : control === 'first'
                          ? 'Trang đầu'
                          : 'Trang cuối',
                })}
                getItemProps={(p) => ({ 'aria-label': `Trang ${p}` })}
              />
            </Group>
          ) : null}
        </Stack>
      )}

      <CreateUserModal opened={creating} onClose={() => setCreating(false)} />
      <ImportModal
        opened={importing}
        onClose={() => setImporting(false)}
        title="Nhập người dùng từ Excel"
        endpoint="/api/users/import"
        templateUrl="/api/users/template.xlsx"
        what="người dùng"
        onImported={() => client.invalidateQueries({ queryKey: ['users'] })}
      />
    </Stack>
  );
}
