import { Button, Stack, Text, Title } from '@mantine/core';
import { IconMapOff } from '@tabler/icons-react';
import { Link } from 'react-router';

export default function NotFoundPage() {
  return (
    <Stack align="center" gap="sm" py={48} ta="center">
      <IconMapOff size={44} stroke={1.4} color="var(--mantine-color-gray-6)" aria-hidden />
      <Title order={1}>Không tìm thấy trang</Title>
      <Text c="dimmed" maw={480}>
        Đường dẫn này không có trong Lan Tỏa hoặc chức năng chưa được mở. Hãy quay về trang chủ.
      </Text>
      <Button component={Link} to="/" variant="light">
        Về trang chủ
      </Button>
    </Stack>
  );
}
