// "Việc cần làm" on the home page: real counts from the plans, requests, inbox and tasks APIs, each a link.
import { Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  IconAlarm,
  IconAlertTriangle,
  IconChevronRight,
  IconFilePencil,
  IconInbox,
  IconListCheck,
  IconNews,
  IconReportAnalytics,
  IconRubberStamp,
  IconSpeakerphone,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api } from '../lib/api';
import { can, useCurrentMe } from '../lib/auth';
import { addDays, formatDate, todayIso } from '../lib/format';
import { isNewsApprover } from '../lib/news';
import type { InboxPage, PlanSummary, RequestItem } from '../lib/plans';
import type { ReportRequest } from '../lib/reports';
import type { Task } from '../lib/tasks';
import type { Paged } from '../lib/types';

interface Counts {
  overdueTasks: number | null;
  dueSoonTasks: number | null;
  pendingRequests: number | null;
  overdueRequests: number | null;
  toIssue: number | null;
  unreadDocs: number | null;
  drafts: number | null;
  reviewActivities: number | null;
  reportsDue: number | null;
  reportsDueNext: string | null;
  newsToApprove: number | null;
}

async function safe<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch {
    return null;
  }
}

function TodoItem({
  to,
  icon,
  count,
  title,
  text,
  tone,
}: {
  to: string;
  icon: ReactNode;
  count: number | null;
  title: string;
  text: string;
  tone: string;
}) {
  const active = (count ?? 0) > 0;
  return (
    <UnstyledButton
      component={Link}
      to={to}
      className="lt-quick-card"
      p="sm"
      style={{
        border: `1px solid var(--mantine-color-${active ? `${tone}-3` : 'gray-3'})`,
        borderRadius: 8,
        background: active ? `var(--mantine-color-${tone}-0)` : 'var(--mantine-color-white)',
        display: 'block',
      }}
      aria-label={`${title}: ${count ?? 'không rõ'}. ${text}`}
    >
      <Group wrap="nowrap" gap="sm" align="center">
        <ThemeIcon size={40} radius="md" variant="light" color={active ? tone : 'gray'}>
          {icon}
        </ThemeIcon>
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Text fw={700} fz={22} lh={1.2} c={active ? `${tone}.8` : 'dimmed'}>
              {count ?? '—'}
            </Text>
            <Text fw={600} size="sm" lh={1.3}>
              {title}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {text}
          </Text>
        </Stack>
        <IconChevronRight size={18} aria-hidden color="var(--mantine-color-gray-5)" />
      </Group>
    </UnstyledButton>
  );
}

export function TodoBlock() {
  const me = useCurrentMe();
  const canPlans = can(me, 'plan.view');
  const canIssue = can(me, 'plan.issue');
  const canEdit = can(me, 'plan.edit');
  // Reviewers of activity reports: officers and leaders of the unit above, or anyone with report.approve.
  const canReview = can(me, 'task.manage') || can(me, 'report.approve');
  const canReports = can(me, 'report.edit');
  // Leaders approve their own unit's news (modules/news/news.policy.ts).
  const canApproveNews = can(me, 'news.publish') && isNewsApprover(me);
  const unitId = me.actingUnitId;
  const query = useQuery({
    queryKey: ['home', 'todo', unitId],
    enabled: !!unitId,
    refetchOnWindowFocus: true,
    queryFn: async ({ signal }): Promise<Counts> => {
      const today = todayIso();
      const soon = addDays(today, 7);
      // Periodic reports the unit above asked for and the unit has not submitted yet (one request, in parallel).
      const receivedReports = canReports
        ? safe(api.get<Paged<ReportRequest>>('/api/report-requests', { role: 'received', pageSize: 200 }, signal))
        : Promise.resolve(null);
      const newsPending = canApproveNews
        ? safe(api.get<Paged<unknown>>('/api/news/articles', { status: 'submitted', unitId: unitId ?? undefined, pageSize: 1 }, signal))
        : Promise.resolve(null);
      const [overdue, open, pending, drafting, submitted, inbox, drafts, reviewActivities] = await Promise.all([
        safe(api.get<Paged<Task>>('/api/tasks', { overdue: true, pageSize: 1 }, signal)),
        safe(api.get<Paged<Task>>('/api/tasks', { overdue: false, pageSize: 100 }, signal)),
        canPlans ? safe(api.get<Paged<RequestItem>>('/api/requests', { status: 'pending', pageSize: 200 }, signal)) : null,
        canPlans ? safe(api.get<Paged<RequestItem>>('/api/requests', { status: 'drafting', pageSize: 200 }, signal)) : null,
        canIssue ? safe(api.get<Paged<PlanSummary>>('/api/plans', { status: 'submitted', unitId: unitId ?? undefined, pageSize: 1 }, signal)) : null,
        canPlans ? safe(api.get<InboxPage>('/api/inbox', { pageSize: 1 }, signal)) : null,
        canEdit ? safe(api.get<Paged<PlanSummary>>('/api/plans', { status: 'draft', unitId: unitId ?? undefined, pageSize: 1 }, signal)) : null,
        canReview ? safe(api.get<Paged<unknown>>('/api/activities', { reviewable: true, pageSize: 1 }, signal)) : null,
      ]);
      const waiting = [...(pending?.items ?? []), ...(drafting?.items ?? [])];
      const received = await receivedReports;
      const dueReports = (received?.items ?? []).filter((r) =>
        r.targets.some((t) => t.unitId === unitId && t.status !== 'submitted' && t.status !== 'accepted'),
      );
      return {
        overdueTasks: overdue?.total ?? null,
        dueSoonTasks: open
          ? open.items.filter((t) => t.status !== 'done' && !t.overdue && (t.nextDueDate ?? t.dueDate ?? '9999') <= soon).length
          : null,
        pendingRequests: pending && drafting ? pending.total + drafting.total : null,
        overdueRequests: pending && drafting ? waiting.filter((r) => r.late).length : null,
        toIssue: submitted?.total ?? null,
        unreadDocs: inbox?.unopened ?? null,
        drafts: drafts?.total ?? null,
        reviewActivities: reviewActivities?.total ?? null,
        reportsDue: received ? dueReports.length : null,
        reportsDueNext: dueReports.map((r) => r.deadline).sort()[0] ?? null,
        newsToApprove: (await newsPending)?.total ?? null,
      };
    },
  });
  const c = query.data;
  const allClear =
    !!c &&
    !c.overdueTasks &&
    !c.dueSoonTasks &&
    !c.pendingRequests &&
    !c.toIssue &&
    !c.unreadDocs &&
    !c.reviewActivities &&
    !c.newsToApprove &&
    !c.reportsDue;

  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <IconListCheck size={22} aria-hidden color="var(--mantine-color-frontRed-7)" />
            <Title order={2} size="h3">
              Việc cần làm
            </Title>
            {query.isFetching ? <Loader size="xs" aria-label="Đang cập nhật" /> : null}
          </Group>
          {canEdit ? (
            <Button component={Link} to="/ke-hoach/moi" leftSection={<IconFilePencil size={18} />}>
              Soạn kế hoạch
            </Button>
          ) : null}
        </Group>
        {!unitId ? (
          <Text c="dimmed">Chọn đơn vị làm việc để xem việc cần làm.</Text>
        ) : query.isPending ? (
          <Text c="dimmed">Đang tải việc cần làm…</Text>
        ) : (
          <>
            {allClear ? (
              <Group gap="xs">
                <Badge color="green" variant="light">
                  Đã xong
                </Badge>
                <Text c="dimmed">Hiện chưa có việc nào cần bạn xử lý gấp.</Text>
              </Group>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
              <TodoItem
                to="/nhiem-vu?quaHan=1"
                icon={<IconAlertTriangle size={22} />}
                count={c?.overdueTasks ?? null}
                title="Nhiệm vụ quá hạn"
                text="Cần báo cáo ngay"
                tone="red"
              />
              <TodoItem
                to="/nhiem-vu"
                icon={<IconAlarm size={22} />}
                count={c?.dueSoonTasks ?? null}
                title="Nhiệm vụ đến hạn trong 7 ngày"
                text="Xem danh sách nhiệm vụ"
                tone="orange"
              />
              {canPlans ? (
                <TodoItem
                  to="/van-ban-den"
                  icon={<IconFilePencil size={22} />}
                  count={c?.pendingRequests ?? null}
                  title="Yêu cầu xây dựng kế hoạch"
                  text={c?.overdueRequests ? `${c.overdueRequests} yêu cầu đã quá hạn` : 'Kế hoạch thực hiện chưa ban hành'}
                  tone={c?.overdueRequests ? 'red' : 'gold'}
                />
              ) : null}
              {canIssue ? (
                <TodoItem
                  to="/ke-hoach?trangThai=submitted"
                  icon={<IconRubberStamp size={22} />}
                  count={c?.toIssue ?? null}
                  title="Kế hoạch chờ ban hành"
                  text="Dự thảo đã gửi duyệt"
                  tone="frontRed"
                />
              ) : null}
              {canPlans ? (
                <TodoItem
                  to="/van-ban-den?tab=van-ban&loc=chua-xem"
                  icon={<IconInbox size={22} />}
                  count={c?.unreadDocs ?? null}
                  title="Văn bản đến chưa xem"
                  text="Mở để ghi nhận đã xem"
                  tone="frontBlue"
                />
              ) : null}
              {canReview ? (
                <TodoItem
                  to="/hoat-dong?reviewable=true"
                  icon={<IconSpeakerphone size={22} />}
                  count={c?.reviewActivities ?? null}
                  title="Hoạt động chờ duyệt"
                  text="Báo cáo của đơn vị cấp dưới"
                  tone="frontBlue"
                />
              ) : null}
              {canApproveNews ? (
                <TodoItem
                  to="/tin-bai?trangThai=submitted"
                  icon={<IconNews size={22} />}
                  count={c?.newsToApprove ?? null}
                  title="Tin bài chờ duyệt"
                  text="Duyệt để đăng lên trang thông tin"
                  tone="frontRed"
                />
              ) : null}
              {canEdit && !canIssue ? (
                <TodoItem
                  to="/ke-hoach?trangThai=draft"
                  icon={<IconFilePencil size={22} />}
                  count={c?.drafts ?? null}
                  title="Dự thảo đang soạn"
                  text="Soạn tiếp rồi gửi duyệt"
                  tone="gray"
                />
              ) : null}
              {canReports ? (
                <TodoItem
                  to="/bao-cao?tab=yeu-cau-nhan"
                  icon={<IconReportAnalytics size={22} />}
                  count={c?.reportsDue ?? null}
                  title="Báo cáo phải nộp"
                  text={
                    c?.reportsDueNext
                      ? `${c.reportsDueNext < todayIso() ? 'Đã quá hạn' : 'Hạn gần nhất'} ${formatDate(c.reportsDueNext)}`
                      : 'Theo yêu cầu của cấp trên'
                  }
                  tone={c?.reportsDueNext && c.reportsDueNext < todayIso() ? 'red' : 'gold'}
                />
              ) : null}
            </SimpleGrid>
          </>
        )}
      </Stack>
    </Card>
  );
}
