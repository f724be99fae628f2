// "Việc cần làm": who I am, where I work, what I may do, where I worked before.
import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconArrowMerge,
  IconCalendar,
  IconChevronRight,
  IconFileText,
  IconHistory,
  IconKey,
  IconListCheck,
  IconSitemap,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { currentUnits } from '../components/AppLayout';
import { PageHeader } from '../components/common';
import { TodoBlock } from '../components/TodoBlock';
import { can, useCurrentMe } from '../lib/auth';
import { formatDate, todayIso } from '../lib/format';
import { periodText, roleLabel } from '../lib/labels';
import { QuarterCard } from './dashboard/QuarterCard';

function QuickCard({ to, icon, title, text }: { to: string; icon: ReactNode; title: string; text: string }) {
  return (
    <Card
      component={Link}
      to={to}
      padding="md"
      style={{ textDecoration: 'none', color: 'inherit' }}
      className="lt-quick-card"
    >
      <Group wrap="nowrap" align="flex-start" gap="md">
        <ThemeIcon size={44} radius="md" variant="light" color="frontRed">
          {icon}
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600} c="frontBlue.8">
            {title}
          </Text>
          <Text size="sm" c="dimmed">
            {text}
          </Text>
        </Stack>
        <IconChevronRight size={18} aria-hidden color="var(--mantine-color-gray-5)" />
      </Group>
    </Card>
  );
}

export default function HomePage() {
  const me = useCurrentMe();
  const today = todayIso();
  const units = currentUnits(me);
  const current = me.grants.filter((g) => g.current);
  const past = me.grants
    .filter((g) => !g.current && g.validTo && g.validTo < today)
    .sort((a, b) => (b.validTo ?? '').localeCompare(a.validTo ?? ''));
  const upcoming = me.grants.filter((g) => !g.current && g.validFrom && g.validFrom > today);

  return (
    <Stack gap="lg">
      <PageHeader
        docTitle="Trang chủ"
        title={`Xin chào, ${me.user.fullName}`}
        description={
          me.actingUnit ? (
            <>
              Bạn đang làm việc tại <b>{me.actingUnit.name}</b>
              {units.length > 1 ? ` (bạn có vai trò ở ${units.length} đơn vị, có thể chuyển ở thanh trên cùng).` : '.'}
            </>
          ) : (
            'Bạn chưa có vai trò ở đơn vị nào đang hoạt động. Hãy liên hệ quản trị hệ thống để được cấp quyền.'
          )
        }
      />

      <TodoBlock />

      {can(me, 'plan.view') && me.actingUnitId ? <QuarterCard /> : null}

      <Card>
        <Stack gap="sm">
          <Title order={2} size="h3">
            Vai trò hiện tại
          </Title>
          {current.length === 0 ? (
            <Text c="dimmed">Chưa có vai trò nào đang có hiệu lực.</Text>
          ) : (
            <Stack gap="xs">
              {current.map((g) => (
                <Group key={g.id} gap="xs" wrap="wrap">
                  <Badge color="frontRed" variant="light" size="lg">
                    {roleLabel(g.role)}
                  </Badge>
                  <Text>
                    tại{' '}
                    <Anchor component={Link} to={`/don-vi/${g.unitId}`}>
                      {g.unitName}
                    </Anchor>
                    {g.validFrom || g.validTo ? (
                      <Text span c="dimmed" size="sm">
                        {' '}
                        · {periodText(g.validFrom, g.validTo)}
                      </Text>
                    ) : null}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Stack>
      </Card>


      <Stack gap="sm">
        <Title order={2} size="h3">
          Truy cập nhanh
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {can(me, 'plan.view') ? (
            <QuickCard
              to="/ke-hoach"
              icon={<IconFileText size={24} />}
              title="Kế hoạch"
              text="Soạn, gửi duyệt, ban hành kế hoạch; theo dõi các đơn vị triển khai."
            />
          ) : null}
          <QuickCard
            to="/nhiem-vu"
            icon={<IconListCheck size={24} />}
            title="Nhiệm vụ"
            text="Việc được giao, hạn từng kỳ, ghi tiến độ và minh chứng."
          />
          <QuickCard
            to="/lich"
            icon={<IconCalendar size={24} />}
            title="Lịch"
            text="Ngày kỷ niệm, mốc kế hoạch, hạn nhiệm vụ; đăng ký vào điện thoại."
          />
          {can(me, 'unit.view') ? (
            <QuickCard
              to="/don-vi"
              icon={<IconSitemap size={24} />}
              title="Đơn vị"
              text="Xem cây tổ chức theo ngày, lịch sử hợp nhất, chia tách, đổi tên."
            />
          ) : null}
          {can(me, 'unit.manage') ? (
            <QuickCard
              to="/don-vi/hop-nhat"
              icon={<IconArrowMerge size={24} />}
              title="Ghi nhận hợp nhất đơn vị"
              text="Hợp nhất nhiều đơn vị vào một đơn vị kế thừa, giữ nguyên lịch sử."
            />
          ) : null}
          {can(me, 'user.manage') ? (
            <QuickCard
              to="/nguoi-dung"
              icon={<IconUsers size={24} />}
              title="Người dùng"
              text="Tạo tài khoản, cấp quyền theo đơn vị, chuyển công tác, mở khóa."
            />
          ) : null}
          {can(me, 'audit.view') ? (
            <QuickCard
              to="/nhat-ky"
              icon={<IconHistory size={24} />}
              title="Nhật ký hệ thống"
              text="Ai đã làm gì, lúc nào, ở đơn vị nào."
            />
          ) : null}
          <QuickCard
            to="/doi-mat-khau"
            icon={<IconKey size={24} />}
            title="Đổi mật khẩu"
            text="Đặt mật khẩu mới cho tài khoản của bạn."
          />
        </SimpleGrid>
      </Stack>

      {upcoming.length > 0 || past.length > 0 ? (
        <Card>
          <Stack gap="sm">
            <Title order={2} size="h3">
              Quá trình công tác
            </Title>
            <List spacing="xs" size="md">
              {upcoming.map((g) => (
                <List.Item key={g.id}>
                  Sẽ công tác tại <b>{g.unitName}</b> ({roleLabel(g.role)}) từ {formatDate(g.validFrom)}
                  {g.validTo ? ` đến ${formatDate(g.validTo)}` : ''}
                </List.Item>
              ))}
              {past.map((g) => (
                <List.Item key={g.id}>
                  Đã từng công tác tại{' '}
                  <Anchor component={Link} to={`/don-vi/${g.unitId}`}>
                    {g.unitName}
                  </Anchor>{' '}
                  ({roleLabel(g.role)}){g.validFrom ? ` từ ${formatDate(g.validFrom)}` : ''} đến {formatDate(g.validTo)}
                </List.Item>
              ))}
            </List>
          </Stack>
        </Card>
      ) : null}
    </Stack>
  );
}
