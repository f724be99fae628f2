import { Alert, Button, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconInfoCircle } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { FormErrorSummary, PageHeader } from '../components/common';
import { api, isApiError } from '../lib/api';
import { fetchMe, ME_KEY, setMe, useCurrentMe } from '../lib/auth';
import { useForm } from '../lib/useForm';
import { PASSWORD_HINT, passwordError } from '../lib/validate';

export default function ChangePasswordPage() {
  const me = useCurrentMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const forced = me.user.mustChangePassword;

  const form = useForm(
    { currentPassword: '', newPassword: '', confirm: '' },
    {
      currentPassword: (v) => (v ? null : 'Hãy nhập mật khẩu hiện tại.'),
      newPassword: (v, all) =>
        passwordError(v, me.user.username) ??
        (v && v === all.currentPassword ? 'Mật khẩu mới phải khác mật khẩu hiện tại.' : null),
      confirm: (v, all) =>
        !v ? 'Hãy nhập lại mật khẩu mới.' : v !== all.newPassword ? 'Mật khẩu nhập lại không khớp.' : null,
    },
  );

  const change = useMutation({
    mutationFn: () =>
      api.post<void>('/api/auth/change-password', {
        currentPassword: form.values.currentPassword,
        newPassword: form.values.newPassword,
      }),
    onSuccess: async () => {
      notifications.show({
        color: 'green',
        title: 'Đã đổi mật khẩu',
        message: 'Lần đăng nhập sau hãy dùng mật khẩu mới.',
      });
      const next = await fetchMe().catch(() => null);
      if (next) {
        setMe(client, next);
        navigate('/', { replace: true });
      } else {
        client.setQueryData(ME_KEY, null);
        navigate('/dang-nhap', { replace: true });
      }
    },
    onError: (err) => {
      if (isApiError(err, 'wrong_password')) form.setFieldError('currentPassword', err.message);
      if (isApiError(err, 'weak_password')) form.setFieldError('newPassword', err.message);
    },
  });

  return (
    <Stack maw={560}>
      <PageHeader
        title="Đổi mật khẩu"
        description={forced ? undefined : 'Mật khẩu mới có hiệu lực ngay. Các thiết bị khác có thể phải đăng nhập lại.'}
      />
      {forced ? (
        <Alert
          color="frontBlue"
          variant="light"
          icon={<IconInfoCircle aria-hidden />}
          title="Cần đổi mật khẩu trước khi làm việc"
        >
          Tài khoản của bạn đang dùng mật khẩu do quản trị đặt. Hãy đặt mật khẩu riêng để bắt đầu sử dụng Lan Tỏa.
        </Alert>
      ) : null}
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (form.validate()) change.mutate();
          }}
        >
          <Stack gap="md">
            <FormErrorSummary messages={form.summary} serverError={change.error} />
            <PasswordInput
              label="Mật khẩu hiện tại"
              autoComplete="current-password"
              required
              withAsterisk={false}
              {...form.text('currentPassword')}
            />
            <PasswordInput
              label="Mật khẩu mới"
              description={PASSWORD_HINT}
              autoComplete="new-password"
              required
              withAsterisk={false}
              {...form.text('newPassword')}
            />
            <PasswordInput
              label="Nhập lại mật khẩu mới"
              autoComplete="new-password"
              required
              withAsterisk={false}
              {...form.text('confirm')}
            />
            <Text size="sm" c="dimmed">
              Mẹo: dùng một câu ngắn dễ nhớ, ví dụ “Tuyên truyền NQ57 ở phường mình!”.
            </Text>
            <Button type="submit" loading={change.isPending}>
              Đổi mật khẩu
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
