// Sign-in, or creation of the first administrator when the system has no user yet.
import { Alert, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconClock, IconLock, IconLogin } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { FormErrorSummary, Loading, useDocumentTitle } from '../components/common';
import { ApiError, errorMessage, request } from '../lib/api';
import { setMe, useMe } from '../lib/auth';
import type { Me } from '../lib/types';
import { useForm } from '../lib/useForm';
import { emailError, PASSWORD_HINT, passwordError, required, usernameError } from '../lib/validate';

function Brand() {
  return (
    <Stack gap={4} align="center" mb="md">
      <Box
        aria-hidden
        style={{
          width: 56,
          height: 56,
          borderRadius: '50%',
          background: 'var(--lt-header-bg)',
          border: '3px solid var(--lt-gold)',
          color: 'var(--lt-gold)',
          display: 'grid',
          placeItems: 'center',
          fontSize: 30,
        }}
      >
        ★
      </Box>
      <Title order={1} c="frontRed.7" ta="center">
        Lan Tỏa
      </Title>
      <Text c="dimmed" ta="center" size="sm">
        Không gian làm việc công tác tuyên truyền — Mặt trận Tổ quốc Việt Nam
      </Text>
    </Stack>
  );
}

function LoginError({ error }: { error: unknown }) {
  if (!error) return null;
  const status = error instanceof ApiError ? error.status : 0;
  const icon =
    status === 423 ? (
      <IconLock aria-hidden />
    ) : status === 429 ? (
      <IconClock aria-hidden />
    ) : (
      <IconAlertTriangle aria-hidden />
    );
  const title =
    status === 401
      ? 'Chưa đăng nhập được'
      : status === 423
        ? 'Tài khoản đang bị khóa'
        : status === 429
          ? 'Thử đăng nhập quá nhiều lần'
          : 'Chưa đăng nhập được';
  const fallback =
    status === 401
      ? 'Tên đăng nhập hoặc mật khẩu chưa đúng. Hãy kiểm tra lại.'
      : status === 423
        ? 'Tài khoản tạm bị khóa do nhập sai mật khẩu nhiều lần. Hãy đợi rồi thử lại hoặc nhờ quản trị mở khóa.'
        : status === 429
          ? 'Hãy đợi vài phút rồi thử lại.'
          : errorMessage(error);
  const message = error instanceof ApiError && error.message ? error.message : fallback;
  return (
    <Alert
      color={status === 429 ? 'orange' : 'red'}
      variant="light"
      icon={icon}
      title={title}
      role="alert"
      data-testid="login-error"
    >
      {message}
    </Alert>
  );
}

function LoginForm({ onDone }: { onDone: (me: Me) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState({ username: false, password: false });
  const [submitted, setSubmitted] = useState(false);
  const login = useMutation({
    mutationFn: () =>
      request<Me>('/api/auth/login', {
        method: 'POST',
        body: { username: username.trim(), password },
        allowUnauthenticated: true,
      }),
    onSuccess: onDone,
  });

  const usernameErr =
    (touched.username || submitted) && !username.trim() ? 'Hãy nhập tên đăng nhập hoặc email.' : undefined;
  const passwordErr = (touched.password || submitted) && !password ? 'Hãy nhập mật khẩu.' : undefined;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!username.trim() || !password) return;
    login.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Title order={2} size="h3">
          Đăng nhập
        </Title>
        <LoginError error={login.error} />
        <TextInput
          label="Tên đăng nhập hoặc email"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          onBlur={() => setTouched((t) => ({ ...t, username: true }))}
          error={usernameErr}
          required
          withAsterisk={false}
          autoFocus
        />
        <PasswordInput
          label="Mật khẩu"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          onBlur={() => setTouched((t) => ({ ...t, password: true }))}
          error={passwordErr}
          required
          withAsterisk={false}
        />
        <Button type="submit" loading={login.isPending} leftSection={<IconLogin size={18} />} fullWidth>
          Đăng nhập
        </Button>
        <Text size="sm" c="dimmed">
          Quên mật khẩu? Hãy liên hệ quản trị hệ thống của đơn vị để được đặt lại.
        </Text>
      </Stack>
    </form>
  );
}

function SetupAdminForm({ onDone }: { onDone: (me: Me) => void }) {
  const form = useForm(
    { username: '', fullName: '', email: '', password: '', confirm: '' },
    {
      username: usernameError,
      fullName: required('Hãy nhập họ và tên.'),
      email: emailError,
      password: (v, all) => passwordError(v, all.username),
      confirm: (v, all) =>
        !v ? 'Hãy nhập lại mật khẩu.' : v !== all.password ? 'Mật khẩu nhập lại không khớp.' : null,
    },
  );
  const setup = useMutation({
    mutationFn: () =>
      request<Me>('/api/setup/admin', {
        method: 'POST',
        allowUnauthenticated: true,
        body: {
          username: form.values.username.trim(),
          fullName: form.values.fullName.trim(),
          email: form.values.email.trim() || undefined,
          password: form.values.password,
        },
      }),
    onSuccess: onDone,
  });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.validate()) setup.mutate();
      }}
    >
      <Stack gap="md">
        <Title order={2} size="h3">
          Tạo tài khoản quản trị đầu tiên
        </Title>
        <Text size="sm" c="dimmed">
          Hệ thống chưa có người dùng nào. Tài khoản này sẽ có quyền quản trị toàn hệ thống: tạo đơn vị, người dùng và
          phân quyền.
        </Text>
        <FormErrorSummary messages={form.summary} serverError={setup.error} />
        <TextInput
          label="Tên đăng nhập"
          autoComplete="username"
          autoCapitalize="none"
          required
          {...form.text('username')}
        />
        <TextInput label="Họ và tên" autoComplete="name" required {...form.text('fullName')} />
        <TextInput label="Email" type="email" autoComplete="email" {...form.text('email')} />
        <PasswordInput
          label="Mật khẩu"
          description={PASSWORD_HINT}
          autoComplete="new-password"
          required
          {...form.text('password')}
        />
        <PasswordInput label="Nhập lại mật khẩu" autoComplete="new-password" required {...form.text('confirm')} />
        <Button type="submit" loading={setup.isPending} fullWidth>
          Tạo tài khoản quản trị
        </Button>
      </Stack>
    </form>
  );
}

export default function SignInPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: me, isPending: mePending } = useMe();
  const status = useQuery({
    queryKey: ['setup-status'],
    queryFn: () => request<{ needsAdmin: boolean }>('/api/setup/status', { allowUnauthenticated: true }),
    staleTime: 0,
    retry: 1,
  });

  const from = (location.state as { from?: string } | null)?.from;
  useDocumentTitle(status.data?.needsAdmin ? 'Tạo tài khoản quản trị' : 'Đăng nhập');

  const onDone = (next: Me) => {
    setMe(client, next);
    client.setQueryData(['setup-status'], { needsAdmin: false });
    if (next.user.mustChangePassword) navigate('/doi-mat-khau', { replace: true });
    else navigate(from && !from.startsWith('/dang-nhap') ? from : '/', { replace: true });
  };

  if (mePending) return <Loading />;
  if (me) return <Navigate to={me.user.mustChangePassword ? '/doi-mat-khau' : '/'} replace />;

  return (
    <Box
      mih="100dvh"
      style={{
        background:
          'linear-gradient(180deg, var(--lt-header-bg) 0, var(--lt-header-bg) 180px, var(--lt-page-bg) 180px)',
      }}
      py={{ base: 'md', sm: 48 }}
      px="sm"
    >
      <Center>
        <Paper w="100%" maw={440} p={{ base: 'md', sm: 'xl' }} shadow="md" withBorder>
          <Brand />
          {status.isPending ? (
            <Loading />
          ) : status.data?.needsAdmin ? (
            <SetupAdminForm onDone={onDone} />
          ) : (
            <LoginForm onDone={onDone} />
          )}
        </Paper>
      </Center>
      <Text ta="center" size="xs" c="dimmed" mt="lg">
        Lan Tỏa · Dùng cho cán bộ Mặt trận các cấp.
      </Text>
    </Box>
  );
}
