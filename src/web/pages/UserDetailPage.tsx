// One user: profile, account state (disable, unlock, reset password) and role grants by unit.
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconArrowsExchange,
  IconKey,
  IconLockOpen,
  IconPlayerStop,
  IconShieldPlus,
  IconUserCheck,
  IconUserOff,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ROLES } from '../../shared/permissions';
import {
  AppModal,
  Empty,
  ErrorAlert,
  Field,
  FormErrorSummary,
  Loading,
  PageHeader,
  useIsPhone,
} from '../components/common';
import { DateField } from '../components/DateField';
import { DialogActions } from '../components/ModalForm';
import { UnitSelect } from '../components/UnitSelect';
import { api, errorMessage } from '../lib/api';
import { useCurrentMe } from '../lib/auth';
import { addDays, formatDate, formatDateTime, todayIso } from '../lib/format';
import { roleLabel } from '../lib/labels';
import type { Grant, User } from '../lib/types';
import { useForm } from '../lib/useForm';
import { GrantStatusBadge, grantState, UserStatusBadges } from '../lib/users';
import { dateOrderError, emailError, PASSWORD_HINT, passwordError, phoneError, required } from '../lib/validate';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: roleLabel(r) }));

function useInvalidateUser(id: string) {
  const client = useQueryClient();
  return () => {
    client.invalidateQueries({ queryKey: ['user', id] });
    client.invalidateQueries({ queryKey: ['users'] });
  };
}

// ---------------------------------------------------------------- profile

function ProfileCard({ user }: { user: User }) {
  const invalidate = useInvalidateUser(user.id);
  const fromUser = (u: User) => ({
    fullName: u.fullName ?? '',
    email: u.email ?? '',
    phone: u.phone ?? '',
    position: u.position ?? '',
  });
  const form = useForm(fromUser(user), {
    fullName: required('Hãy nhập họ và tên.'),
    email: emailError,
    phone: phoneError,
  });
  const original = fromUser(user);
  const dirty = (Object.keys(original) as (keyof typeof original)[]).some((k) => form.values[k].trim() !== original[k]);

  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, string | null> = {};
      for (const k of Object.keys(original) as (keyof typeof original)[]) {
        const val = form.values[k].trim();
        if (val !== original[k]) body[k] = val === '' && k !== 'fullName' ? null : val;
      }
      return api.patch<User>(`/api/users/${user.id}`, body);
    },
    onSuccess: () => {
      invalidate();
      notifications.show({ color: 'green', title: 'Đã lưu thông tin', message: form.values.fullName });
    },
  });

  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (form.validate()) save.mutate();
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h3">
            Thông tin cá nhân
          </Title>
          <FormErrorSummary messages={form.summary} serverError={save.error} />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <Field label="Tên đăng nhập">{user.username}</Field>
            <Field label="Đăng nhập gần nhất">
              {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : 'Chưa đăng nhập'}
            </Field>
          </SimpleGrid>
          <TextInput label="Họ và tên" required {...form.text('fullName')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label="Email" type="email" {...form.text('email')} />
            <TextInput label="Điện thoại" type="tel" {...form.text('phone')} />
          </SimpleGrid>
          <TextInput label="Chức vụ" {...form.text('position')} />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!dirty}>
              Lưu thông tin
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

// ---------------------------------------------------------------- account modals

function ResetPasswordModal({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  return (
    <AppModal opened={opened} onClose={onClose} title={`Đặt lại mật khẩu: ${user.fullName}`} size="md">
      {opened ? <ResetPasswordBody user={user} opened={opened} onClose={onClose} /> : null}
    </AppModal>
  );
}

function ResetPasswordBody({ user, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const invalidate = useInvalidateUser(user.id);
  const form = useForm(
    { newPassword: '', confirm: '' },
    {
      newPassword: (v) => passwordError(v, user.username),
      confirm: (v, all) =>
        !v ? 'Hãy nhập lại mật khẩu mới.' : v !== all.newPassword ? 'Mật khẩu nhập lại không khớp.' : null,
    },
  );
  const reset = useMutation({
    mutationFn: () => api.post<void>(`/api/users/${user.id}/reset-password`, { newPassword: form.values.newPassword }),
    onSuccess: () => {
      invalidate();
      notifications.show({
        color: 'green',
        title: 'Đã đặt lại mật khẩu',
        message: `Hãy báo mật khẩu mới cho ${user.fullName} qua kênh an toàn.`,
      });
      onClose();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.validate()) reset.mutate();
      }}
    >
      <Stack gap="md">
        <Text size="sm">
          Mọi phiên đăng nhập của người này sẽ kết thúc. Ở lần đăng nhập tiếp theo, họ phải đổi sang mật khẩu riêng.
        </Text>
        <FormErrorSummary messages={form.summary} serverError={reset.error} />
        <PasswordInput
          label="Mật khẩu mới"
          description={PASSWORD_HINT}
          autoComplete="new-password"
          required
          {...form.text('newPassword')}
        />
        <PasswordInput label="Nhập lại mật khẩu mới" autoComplete="new-password" required {...form.text('confirm')} />
        <DialogActions onCancel={onClose} confirm="Đặt lại mật khẩu" busy={reset.isPending} sticky />
      </Stack>
    </form>
  );
}

function DisableModal({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const invalidate = useInvalidateUser(user.id);
  const toDisabled = !user.disabled;
  const mutation = useMutation({
    mutationFn: () => api.patch<User>(`/api/users/${user.id}`, { disabled: toDisabled }),
    onSuccess: () => {
      invalidate();
      notifications.show({
        color: 'green',
        title: toDisabled ? 'Đã vô hiệu hóa tài khoản' : 'Đã kích hoạt lại tài khoản',
        message: user.fullName,
      });
      onClose();
    },
  });
  return (
    <AppModal
      opened={opened}
      onClose={onClose}
      title={toDisabled ? 'Vô hiệu hóa tài khoản?' : 'Kích hoạt lại tài khoản?'}
      size="md"
    >
      <Stack gap="md">
        {mutation.error ? <ErrorAlert error={mutation.error} title="Chưa thực hiện được" /> : null}
        {toDisabled ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Điều gì sẽ xảy ra">
            <b>{user.fullName}</b> ({user.username}) sẽ không đăng nhập được nữa cho đến khi được kích hoạt lại. Dữ
            liệu, lịch sử và phân quyền của người này được giữ nguyên.
          </Alert>
        ) : (
          <Text>
            <b>{user.fullName}</b> sẽ đăng nhập lại được với mật khẩu hiện có và các vai trò đang có hiệu lực.
          </Text>
        )}
        <DialogActions onCancel={onClose} confirm={toDisabled ? 'Vô hiệu hóa' : 'Kích hoạt lại'} confirmColor={toDisabled ? 'red' : undefined} busy={mutation.isPending} onConfirm={() => mutation.mutate()} />
      </Stack>
    </AppModal>
  );
}

// ---------------------------------------------------------------- grants

function GrantModal({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  return (
    <AppModal opened={opened} onClose={onClose} title={`Cấp quyền cho ${user.fullName}`}>
      {opened ? <GrantBody user={user} opened={opened} onClose={onClose} /> : null}
    </AppModal>
  );
}

function GrantBody({ user, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const invalidate = useInvalidateUser(user.id);
  const client = useQueryClient();
  const initial = {
    unitId: null as string | null,
    role: null as string | null,
    validFrom: todayIso() as string | null,
    validTo: null as string | null,
    note: '',
  };
  const form = useForm(initial, {
    unitId: required('Hãy chọn đơn vị.'),
    role: required('Hãy chọn vai trò.'),
    validFrom: required('Hãy chọn ngày bắt đầu.'),
    validTo: (v, all) => dateOrderError(all.validFrom, v),
  });
  const grant = useMutation({
    mutationFn: () =>
      api.post<Grant>('/api/grants', {
        userId: user.id,
        unitId: form.values.unitId,
        role: form.values.role,
        validFrom: form.values.validFrom ?? undefined,
        validTo: form.values.validTo ?? undefined,
        note: form.values.note.trim() || undefined,
      }),
    onSuccess: (g) => {
      invalidate();
      client.invalidateQueries({ queryKey: ['me'] });
      notifications.show({ color: 'green', title: 'Đã cấp quyền', message: `${roleLabel(g.role)} tại ${g.unitName}` });
      onClose();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.validate()) grant.mutate();
      }}
    >
      <Stack gap="md">
        <FormErrorSummary messages={form.summary} serverError={grant.error} />
        <UnitSelect
          label="Đơn vị"
          description="Vai trò có hiệu lực ở đơn vị này và mọi đơn vị trực thuộc"
          required
          {...form.field('unitId')}
        />
        <Select label="Vai trò" data={ROLE_OPTIONS} required placeholder="Chọn vai trò" {...form.field('role')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <DateField label="Từ ngày" required {...form.field('validFrom')} />
          <DateField label="Đến ngày" description="Để trống nếu chưa xác định" clearable {...form.field('validTo')} />
        </SimpleGrid>
        <Textarea
          label="Ghi chú"
          placeholder="Ví dụ: theo Quyết định số …"
          autosize
          minRows={2}
          {...form.text('note')}
        />
        <DialogActions onCancel={onClose} confirm="Cấp quyền" busy={grant.isPending} sticky />
      </Stack>
    </form>
  );
}

function EndGrantModal({ user, grant, onClose }: { user: User; grant: Grant | null; onClose: () => void }) {
  return (
    <AppModal opened={!!grant} onClose={onClose} title="Kết thúc vai trò?" size="md">
      {grant ? <EndGrantBody user={user} grant={grant} onClose={onClose} /> : null}
    </AppModal>
  );
}

function EndGrantBody({ user, grant, onClose }: { user: User; grant: Grant; onClose: () => void }) {
  const invalidate = useInvalidateUser(user.id);
  const client = useQueryClient();
  const form = useForm(
    { validTo: todayIso() as string | null },
    {
      validTo: (v) =>
        !v
          ? 'Hãy chọn ngày kết thúc.'
          : grant.validFrom && v < grant.validFrom
            ? 'Ngày kết thúc trước ngày bắt đầu. Hãy chọn lại ngày kết thúc.'
            : null,
    },
  );
  const end = useMutation({
    mutationFn: () => api.post<Grant>(`/api/grants/${grant.id}/end`, { validTo: form.values.validTo }),
    onSuccess: () => {
      invalidate();
      client.invalidateQueries({ queryKey: ['me'] });
      notifications.show({
        color: 'green',
        title: 'Đã kết thúc vai trò',
        message: `${roleLabel(grant.role)} tại ${grant.unitName}`,
      });
      onClose();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.validate()) end.mutate();
      }}
    >
      <Stack gap="md">
        <FormErrorSummary messages={form.summary} serverError={end.error} />
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Điều gì sẽ xảy ra">
          <b>{user.fullName}</b> giữ vai trò <b>{roleLabel(grant.role)}</b> tại <b>{grant.unitName}</b> đến hết ngày{' '}
          <b>{formatDate(form.values.validTo) || '…'}</b>. Sau đó người này không còn quyền này nữa; lịch sử công tác
          vẫn được giữ.
        </Alert>
        <DateField label="Ngày kết thúc" required {...form.field('validTo')} />
        <DialogActions onCancel={onClose} confirm="Kết thúc vai trò" confirmColor="red" busy={end.isPending} />
      </Stack>
    </form>
  );
}

function TransferModal({ user, grant, onClose }: { user: User; grant: Grant | null; onClose: () => void }) {
  return (
    <AppModal opened={!!grant} onClose={onClose} title="Chuyển đơn vị công tác">
      {grant ? <TransferBody user={user} grant={grant} onClose={onClose} /> : null}
    </AppModal>
  );
}

function TransferBody({ user, grant, onClose }: { user: User; grant: Grant; onClose: () => void }) {
  const invalidate = useInvalidateUser(user.id);
  const client = useQueryClient();
  const form = useForm(
    { toUnitId: null as string | null, effectiveDate: todayIso() as string | null },
    {
      toUnitId: (v) =>
        !v ? 'Hãy chọn đơn vị chuyển đến.' : v === grant.unitId ? 'Hãy chọn đơn vị khác đơn vị hiện tại.' : null,
      effectiveDate: required('Hãy chọn ngày chuyển.'),
    },
  );
  const transfer = useMutation({
    mutationFn: () =>
      api.post<Grant>(`/api/grants/${grant.id}/transfer`, {
        toUnitId: form.values.toUnitId,
        effectiveDate: form.values.effectiveDate,
      }),
    onSuccess: (g) => {
      invalidate();
      client.invalidateQueries({ queryKey: ['me'] });
      notifications.show({
        color: 'green',
        title: 'Đã chuyển đơn vị',
        message: `${roleLabel(g.role)} tại ${g.unitName}`,
      });
      onClose();
    },
  });
  const eff = form.values.effectiveDate;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.validate()) transfer.mutate();
      }}
    >
      <Stack gap="md">
        <FormErrorSummary messages={form.summary} serverError={transfer.error} />
        <Text>
          Hiện tại: <b>{roleLabel(grant.role)}</b> tại <b>{grant.unitName}</b>.
        </Text>
        <UnitSelect label="Chuyển đến đơn vị" required exclude={[grant.unitId]} {...form.field('toUnitId')} />
        <DateField label="Ngày chuyển" required {...form.field('effectiveDate')} />
        {eff ? (
          <Text size="sm" c="dimmed">
            Vai trò tại {grant.unitName} kết thúc hết ngày {formatDate(addDays(eff, -1))}; từ {formatDate(eff)} người
            này giữ vai trò {roleLabel(grant.role)} tại đơn vị mới.
          </Text>
        ) : null}
        <DialogActions onCancel={onClose} confirm="Chuyển đơn vị" busy={transfer.isPending} sticky />
      </Stack>
    </form>
  );
}

function GrantActions({ grant, onEnd, onTransfer }: { grant: Grant; onEnd: () => void; onTransfer: () => void }) {
  if (grantState(grant) === 'ended') return null;
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-sm" variant="subtle" leftSection={<IconArrowsExchange size={16} />} onClick={onTransfer}>
        Chuyển đơn vị
      </Button>
      <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconPlayerStop size={16} />} onClick={onEnd}>
        Kết thúc
      </Button>
    </Group>
  );
}

function GrantsCard({ user }: { user: User }) {
  const phone = useIsPhone();
  const [granting, setGranting] = useState(false);
  const [ending, setEnding] = useState<Grant | null>(null);
  const [transferring, setTransferring] = useState<Grant | null>(null);
  const order = { current: 0, future: 1, ended: 2 } as const;
  const grants = [...user.grants].sort(
    (a, b) => order[grantState(a)] - order[grantState(b)] || (b.validFrom ?? '').localeCompare(a.validFrom ?? ''),
  );

  return (
    <Card>
      <Stack gap="md">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h3">
            Phân quyền theo đơn vị
          </Title>
          <Button leftSection={<IconShieldPlus size={18} />} onClick={() => setGranting(true)}>
            Cấp quyền
          </Button>
        </Group>
        {grants.length === 0 ? (
          <Empty
            title="Chưa có vai trò nào"
            description="Người này đăng nhập được nhưng chưa làm được việc gì. Hãy bấm “Cấp quyền” để giao vai trò tại một đơn vị."
          />
        ) : phone ? (
          <Stack gap="sm" data-testid="grant-cards">
            {grants.map((g) => (
              <Card key={g.id} padding="sm" bg="gray.0">
                <Stack gap={6}>
                  <Group gap={6} wrap="wrap">
                    <Badge color="frontRed" variant="light">
                      {roleLabel(g.role)}
                    </Badge>
                    <GrantStatusBadge grant={g} />
                  </Group>
                  <Anchor component={Link} to={`/don-vi/${g.unitId}`}>
                    {g.unitName}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {formatDate(g.validFrom) || '…'} – {g.validTo ? formatDate(g.validTo) : 'nay'}
                  </Text>
                  {g.note ? <Text size="sm">{g.note}</Text> : null}
                  <GrantActions grant={g} onEnd={() => setEnding(g)} onTransfer={() => setTransferring(g)} />
                </Stack>
              </Card>
            ))}
          </Stack>
        ) : (
          <div className="lt-table-scroll">
            <Table verticalSpacing="sm" miw={760} data-testid="grant-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Đơn vị</Table.Th>
                  <Table.Th>Vai trò</Table.Th>
                  <Table.Th>Từ ngày</Table.Th>
                  <Table.Th>Đến ngày</Table.Th>
                  <Table.Th>Trạng thái</Table.Th>
                  <Table.Th>Thao tác</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {grants.map((g) => (
                  <Table.Tr key={g.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/don-vi/${g.unitId}`}>
                        {g.unitName}
                      </Anchor>
                      {g.note ? (
                        <Text size="xs" c="dimmed">
                          {g.note}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{roleLabel(g.role)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(g.validFrom)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{g.validTo ? formatDate(g.validTo) : '—'}</Table.Td>
                    <Table.Td>
                      <GrantStatusBadge grant={g} />
                    </Table.Td>
                    <Table.Td>
                      <GrantActions grant={g} onEnd={() => setEnding(g)} onTransfer={() => setTransferring(g)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Stack>
      <GrantModal user={user} opened={granting} onClose={() => setGranting(false)} />
      <EndGrantModal user={user} grant={ending} onClose={() => setEnding(null)} />
      <TransferModal user={user} grant={transferring} onClose={() => setTransferring(null)} />
    </Card>
  );
}

// ---------------------------------------------------------------- page

export default function UserDetailPage() {
  const { id = '' } = useParams();
  const me = useCurrentMe();
  const invalidate = useInvalidateUser(id);
  const [modal, setModal] = useState<'reset' | 'disable' | null>(null);
  const query = useQuery({
    queryKey: ['user', id],
    queryFn: ({ signal }) => api.get<User>(`/api/users/${encodeURIComponent(id)}`, undefined, signal),
    enabled: !!id,
  });
  const unlock = useMutation({
    mutationFn: () => api.post<void>(`/api/users/${id}/unlock`),
    onSuccess: () => {
      invalidate();
      notifications.show({ color: 'green', title: 'Đã mở khóa tài khoản', message: query.data?.fullName ?? '' });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Không mở khóa được', message: errorMessage(err) }),
  });

  const user = query.data;
  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to="/nguoi-dung">
        Người dùng
      </Anchor>
      {user ? (
        <Text size="sm" c="dimmed" truncate="end" maw={240}>
          {user.fullName}
        </Text>
      ) : null}
    </Breadcrumbs>
  );

  if (query.isPending) return <Loading label="Đang tải người dùng…" />;
  if (query.error || !user) {
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={query.error} title="Không tải được người dùng" onRetry={() => query.refetch()} />
      </Stack>
    );
  }
  const self = user.id === me.user.id;

  return (
    <Stack gap="md">
      <PageHeader
        before={crumbs}
        title={user.fullName}
        description={
          <Group gap={8} component="span" wrap="wrap">
            <Text span c="dimmed">
              {user.username}
              {user.position ? ` · ${user.position}` : ''}
            </Text>
            <UserStatusBadges user={user} />
          </Group>
        }
        actions={
          <>
            {user.locked ? (
              <Button
                leftSection={<IconLockOpen size={18} />}
                loading={unlock.isPending}
                onClick={() => unlock.mutate()}
              >
                Mở khóa
              </Button>
            ) : null}
            <Button variant="default" leftSection={<IconKey size={18} />} onClick={() => setModal('reset')}>
              Đặt lại mật khẩu
            </Button>
            {!self ? (
              <Button
                variant="default"
                color={user.disabled ? undefined : 'red'}
                leftSection={user.disabled ? <IconUserCheck size={18} /> : <IconUserOff size={18} />}
                onClick={() => setModal('disable')}
              >
                {user.disabled ? 'Kích hoạt lại' : 'Vô hiệu hóa'}
              </Button>
            ) : null}
          </>
        }
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ProfileCard key={[user.id, user.fullName, user.email, user.phone, user.position].join('|')} user={user} />
        <Card>
          <Stack gap="md">
            <Title order={2} size="h3">
              Tài khoản
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
              <Field label="Trạng thái">
                <UserStatusBadges user={user} />
              </Field>
              <Field label="Ngày tạo">{formatDateTime(user.createdAt)}</Field>
              <Field label="Phải đổi mật khẩu">{user.mustChangePassword ? 'Có, ở lần đăng nhập tới' : 'Không'}</Field>
              <Field label="Số vai trò đang hiệu lực">{String(user.grants.filter((g) => g.current).length)}</Field>
            </SimpleGrid>
          </Stack>
        </Card>
      </SimpleGrid>
      <GrantsCard user={user} />
      <ResetPasswordModal user={user} opened={modal === 'reset'} onClose={() => setModal(null)} />
      <DisableModal user={user} opened={modal === 'disable'} onClose={() => setModal(null)} />
    </Stack>
  );
}
