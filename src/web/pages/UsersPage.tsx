// People who use the workspace: search, list (cards on phones), create, import.
import { useUrlSearch } from '../lib/useUrlSearch';
import { Anchor, Badge, Button, Group, Menu, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconChevronDown,
  IconDownload,
  IconFileSpreadsheet,
  IconUpload,
  IconUserPlus,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { AppModal, FormErrorSummary, PageHeader } from '../components/common';
import { ImportModal } from '../components/ImportModal';
import { CellText, FilterBar, ListCard, ListResults, ResponsiveList, useListParams } from '../components/ListKit';
import { SearchBox } from '../components/SearchBox';
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

function UserName({ u }: { u: User }) {
  return (
    <Anchor component={Link} to={`/nguoi-dung/${u.id}`} fw={600}>
      {u.fullName}
    </Anchor>
  );
}

function UserList({ items }: { items: User[] }) {
  return (
    <ResponsiveList
      rows={items}
      rowKey={(u) => u.id}
      minWidth={820}
      striped
      cardsTestId="user-cards"
      tableTestId="user-table"
      card={(u) => (
        <ListCard>
          <UserName u={u} />
          <CellText dimmed>
            {u.username}
            {u.position ? ` · ${u.position}` : ''}
          </CellText>
          <UserStatusBadges user={u} />
          <CurrentRoles user={u} />
        </ListCard>
      )}
      columns={[
        {
          header: 'Họ và tên',
          cell: (u) => (
            <>
              <UserName u={u} />
              <CellText dimmed>{u.username}</CellText>
            </>
          ),
        },
        { header: 'Chức vụ', cell: (u) => u.position || <CellText dimmed>—</CellText> },
        { header: 'Vai trò hiện tại', cell: (u) => <CurrentRoles user={u} /> },
        { header: 'Trạng thái', cell: (u) => <UserStatusBadges user={u} /> },
        { header: 'Đăng nhập gần nhất', nowrap: true, cell: (u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : <CellText dimmed>Chưa đăng nhập</CellText>) },
      ]}
    />
  );
}

export default function UsersPage() {
  const { params, page, set: setParam, setPage } = useListParams();
  const unitId = params.get('donVi');
  const [search, changeSearch] = useUrlSearch();
  const debounced = params.get('q') ?? '';
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const client = useQueryClient();


  const query = useQuery({
    queryKey: ['users', { search: debounced, unitId, page }],
    queryFn: ({ signal }) =>
      api.get<Paged<User>>('/api/users', { search: debounced, unitId, page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

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

      <FilterBar cols={{ base: 1, sm: 2 }}>
        <SearchBox label="Tìm người dùng" placeholder="Tên, email hoặc điện thoại" value={search} onChange={changeSearch} />
        <UnitSelect
          label="Đơn vị"
          placeholder="Tất cả đơn vị"
          value={unitId}
          onChange={(id) => setParam({ donVi: id, trang: null })}
        />
      </FilterBar>

      <ListResults
        query={query}
        loadingLabel="Đang tải danh sách người dùng…"
        errorTitle="Không tải được danh sách người dùng"
        empty={{
          title: debounced || unitId ? 'Không có người dùng phù hợp' : 'Chưa có người dùng nào',
          description: debounced || unitId ? 'Hãy thử từ khóa khác hoặc bỏ lọc theo đơn vị.' : 'Hãy tạo tài khoản cho cán bộ, hoặc nhập danh sách từ Excel.',
          action: (
            <Button leftSection={<IconUserPlus size={18} />} onClick={() => setCreating(true)}>
              Tạo tài khoản
            </Button>
          ),
        }}
        count={(total) => `${total} người dùng`}
        page={page}
        onPage={setPage}
      >
        {(items) => <UserList items={items} />}
      </ListResults>

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
