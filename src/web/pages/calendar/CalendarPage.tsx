// Lịch: key dates, plan periods and milestones, task and request deadlines — month grid or list; .ics subscription.
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Chip,
  CopyButton,
  Group,
  List,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconCalendarEvent,
  IconCheck,
  IconChevronLeft,
  IconChevronRight,
  IconCopy,
  IconRss,
} from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AppModal, Empty, ErrorAlert, Loading, PageHeader, useIsPhone } from '../../components/common';
import '../../components/plans.css';
import { api } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { addDays, formatDate, todayIso } from '../../lib/format';
import { appRoute, type CalendarEvent, EVENT_KIND_COLORS, EVENT_KIND_LABELS, type EventKind } from '../../lib/tasks';

const KINDS = Object.keys(EVENT_KIND_LABELS) as EventKind[];
const WEEKDAYS = ['Thứ 2', 'Thứ 3', 'Thứ 4', 'Thứ 5', 'Thứ 6', 'Thứ 7', 'CN'];
const WEEKDAYS_SHORT = ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'];
const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];

const utc = (iso: string) => new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)));

/** Monday-first weeks covering the month of `month` ('YYYY-MM'). */
function monthGrid(month: string): string[] {
  const first = `${month}-01`;
  const dow = (utc(first).getUTCDay() + 6) % 7;
  const start = addDays(first, -dow);
  const y = +month.slice(0, 4);
  const m = +month.slice(5, 7);
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const cells = Math.ceil((dow + daysInMonth) / 7) * 7;
  return Array.from({ length: cells }, (_, i) => addDays(start, i));
}

function shiftMonth(month: string, delta: number): string {
  const d = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7) - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

function dayHeading(iso: string): string {
  return `${WEEKDAY_NAMES[utc(iso).getUTCDay()]}, ${formatDate(iso)}`;
}

function KindBadge({ kind }: { kind: EventKind }) {
  return (
    <Badge color={EVENT_KIND_COLORS[kind]} variant="light" size="md">
      {EVENT_KIND_LABELS[kind]}
    </Badge>
  );
}

/** The events to show on one day: single-day events on their date; periods on their first and last day. */
function eventsOn(events: CalendarEvent[], day: string): { e: CalendarEvent; note?: string }[] {
  const out: { e: CalendarEvent; note?: string }[] = [];
  for (const e of events) {
    if (!e.endDate || e.endDate === e.date) {
      if (e.date === day) out.push({ e });
    } else if (e.date === day) out.push({ e, note: 'Bắt đầu' });
    else if (e.endDate === day) out.push({ e, note: 'Kết thúc' });
  }
  return out;
}

function EventRow({ e, note }: { e: CalendarEvent; note?: string }) {
  const route = appRoute(e.link);
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" py={6}>
      <KindBadge kind={e.kind} />
      <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
        {route ? (
          <Anchor component={Link} to={route} fw={600} style={{ overflowWrap: 'anywhere' }}>
            {note ? `${note}: ` : ''}
            {e.title}
          </Anchor>
        ) : (
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {note ? `${note}: ` : ''}
            {e.title}
          </Text>
        )}
        {e.endDate && e.endDate !== e.date ? (
          <Text size="sm" c="dimmed">
            {formatDate(e.date)} – {formatDate(e.endDate)}
          </Text>
        ) : null}
        {e.description ? (
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {e.description}
          </Text>
        ) : null}
      </Stack>
    </Group>
  );
}

function FeedModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const me = useCurrentMe();
  const feed = useMutation({
    mutationFn: () =>
      api
        .post<{ url: string; unitId: string }>('/api/calendar/feed', {})
        // Without PUBLIC_URL the server answers a path; calendar apps need the full address.
        .then((r) => ({ ...r, url: r.url.startsWith('/') ? `${window.location.origin}${r.url}` : r.url })),
  });
  return (
    <AppModal
      opened={opened}
      onClose={() => {
        feed.reset();
        onClose();
      }}
      title="Đăng ký lịch vào điện thoại, Google Calendar, Outlook"
      size="lg"
    >
      <Stack gap="md">
        <Text>
          Lịch của <b>{me.actingUnit?.name ?? 'đơn vị'}</b> (ngày kỷ niệm, thời gian và mốc kế hoạch, hạn nhiệm vụ, hạn xây
          dựng kế hoạch) được cập nhật tự động vào ứng dụng lịch bạn đang dùng.
        </Text>
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
          Ai có đường dẫn đều xem được lịch của đơn vị mà không cần đăng nhập; đừng chia sẻ công khai. Mỗi lần tạo đường dẫn
          mới, đường dẫn cũ ngừng hoạt động (cần đăng ký lại ở các máy đã dùng).
        </Alert>
        {feed.data ? (
          <Stack gap="xs">
            <TextInput
              label="Đường dẫn lịch của đơn vị"
              value={feed.data.url}
              readOnly
              onFocus={(e) => e.currentTarget.select()}
              rightSectionWidth={44}
              rightSection={
                <CopyButton value={feed.data.url} timeout={2000}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? 'Đã sao chép' : 'Sao chép'} withArrow>
                      <ActionIcon color={copied ? 'green' : 'gray'} onClick={copy} aria-label={copied ? 'Đã sao chép đường dẫn' : 'Sao chép đường dẫn'}>
                        {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
              }
            />
            <Title order={3} size="h5" mt="xs">
              Cách thêm vào lịch
            </Title>
            <List spacing={6} size="sm">
              <List.Item>
                <b>Google Calendar</b> (máy tính): mở calendar.google.com → bên trái, cạnh «Lịch khác» bấm dấu + → «Từ URL» →
                dán đường dẫn → «Thêm lịch». Điện thoại Android dùng Google Calendar sẽ tự có lịch này.
              </List.Item>
              <List.Item>
                <b>Outlook</b>: Lịch → «Thêm lịch» → «Đăng ký từ web» → dán đường dẫn → đặt tên «Lan Tỏa» → «Nhập».
              </List.Item>
              <List.Item>
                <b>iPhone, iPad</b>: Cài đặt → Lịch → Tài khoản → Thêm tài khoản → Khác → «Thêm lịch đã đăng ký» → dán đường
                dẫn.
              </List.Item>
            </List>
            <Text size="sm" c="dimmed">
              Ứng dụng lịch tự cập nhật vài giờ một lần; thay đổi mới có thể chưa hiện ngay.
            </Text>
          </Stack>
        ) : (
          <>
            <ErrorAlert error={feed.error} title="Chưa tạo được đường dẫn" />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Đóng
              </Button>
              <Button leftSection={<IconRss size={18} />} loading={feed.isPending} onClick={() => feed.mutate()}>
                Tạo đường dẫn đăng ký
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </AppModal>
  );
}

export default function CalendarPage() {
  const today = todayIso();
  const phone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('thang') ?? '') ? (params.get('thang') as string) : today.slice(0, 7);
  const view = params.get('xem') === 'danh-sach' ? 'list' : 'month';
  const [selected, setSelected] = useState<string | null>(null);
  const [kinds, setKinds] = useState<string[]>(KINDS);
  const [feedOpen, setFeedOpen] = useState(false);

  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const cells = useMemo(() => monthGrid(month), [month]);
  const from = cells[0];
  const to = cells[cells.length - 1];
  const query = useQuery({
    queryKey: ['calendar', { from, to }],
    queryFn: ({ signal }) => api.get<CalendarEvent[]>('/api/calendar', { from, to }, signal),
  });
  const events = useMemo(() => (query.data ?? []).filter((e) => kinds.includes(e.kind)), [query.data, kinds]);

  const monthStart = `${month}-01`;
  const monthEnd = cells.filter((d) => d.startsWith(month)).at(-1) ?? to;
  // Long periods covering the whole month, shown once above the grid.
  const ongoing = events.filter(
    (e) => e.endDate && e.endDate !== e.date && e.date < monthStart && e.endDate > monthEnd,
  );
  const [y, m] = [month.slice(0, 4), Number(month.slice(5, 7))];
  const monthLabel = `Tháng ${m} năm ${y}`;

  const listDays = useMemo(() => {
    const days = cells.filter((d) => d.startsWith(month));
    return days.map((d) => ({ day: d, items: eventsOn(events, d) })).filter((x) => x.items.length > 0);
  }, [cells, month, events]);

  const selectedDay = selected && cells.includes(selected) ? selected : null;
  const selectedItems = selectedDay ? eventsOn(events, selectedDay) : [];

  return (
    <Stack gap="md">
      <PageHeader
        title="Lịch"
        description="Ngày kỷ niệm, thời gian và mốc của kế hoạch, hạn nhiệm vụ và hạn xây dựng kế hoạch thực hiện của đơn vị."
        actions={
          <Button variant="default" leftSection={<IconRss size={18} />} onClick={() => setFeedOpen(true)}>
            Đăng ký lịch (.ics)
          </Button>
        }
      />

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap={4} wrap="nowrap">
              <ActionIcon size={40} variant="default" aria-label="Tháng trước" onClick={() => set({ thang: shiftMonth(month, -1) })}>
                <IconChevronLeft size={20} />
              </ActionIcon>
              <Title order={2} size="h3" miw={170} ta="center" aria-live="polite">
                {monthLabel}
              </Title>
              <ActionIcon size={40} variant="default" aria-label="Tháng sau" onClick={() => set({ thang: shiftMonth(month, 1) })}>
                <IconChevronRight size={20} />
              </ActionIcon>
              {month !== today.slice(0, 7) ? (
                <Button variant="subtle" size="compact-md" onClick={() => set({ thang: null })}>
                  Hôm nay
                </Button>
              ) : null}
            </Group>
            <SegmentedControl
              value={view}
              onChange={(v) => set({ xem: v === 'list' ? 'danh-sach' : null })}
              data={[
                { value: 'month', label: 'Tháng' },
                { value: 'list', label: 'Danh sách' },
              ]}
              aria-label="Cách xem"
            />
          </Group>
          <Chip.Group multiple value={kinds} onChange={setKinds}>
            <Group gap={6} aria-label="Loại sự kiện hiển thị" role="group">
              {KINDS.map((k) => (
                <Chip key={k} value={k} size="sm" color={EVENT_KIND_COLORS[k]} variant="light">
                  {EVENT_KIND_LABELS[k]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Stack>
      </Paper>

      {query.isPending ? (
        <Loading label="Đang tải lịch…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được lịch" onRetry={() => query.refetch()} />
      ) : (
        <>
          {ongoing.length > 0 ? (
            <Card padding="sm">
              <Text size="sm" fw={600} mb={4}>
                Đang diễn ra trong tháng
              </Text>
              {ongoing.map((e) => (
                <EventRow key={e.id} e={e} />
              ))}
            </Card>
          ) : null}
          {view === 'month' ? (
            <Stack gap="md">
              <Box className="lt-month">
                {(phone ? WEEKDAYS_SHORT : WEEKDAYS).map((w) => (
                  <div key={w} className="lt-month-head" aria-hidden>
                    {w}
                  </div>
                ))}
                {cells.map((d) => {
                  const items = eventsOn(events, d);
                  const outside = !d.startsWith(month);
                  const label = `${dayHeading(d)}${items.length ? `, ${items.length} sự kiện` : ''}`;
                  return (
                    <button
                      type="button"
                      key={d}
                      className="lt-month-cell"
                      data-outside={outside ? 'true' : 'false'}
                      data-today={d === today ? 'true' : 'false'}
                      data-selected={d === selectedDay ? 'true' : 'false'}
                      aria-label={label}
                      aria-pressed={d === selectedDay}
                      onClick={() => setSelected(d === selectedDay ? null : d)}
                    >
                      <span className="lt-month-day">{Number(d.slice(8, 10))}</span>
                      {phone ? (
                        <span className="lt-month-dots" aria-hidden>
                          {items.slice(0, 4).map(({ e }) => (
                            <span
                              key={e.id}
                              className="lt-month-dot"
                              style={{ background: `var(--mantine-color-${EVENT_KIND_COLORS[e.kind]}-6)` }}
                            />
                          ))}
                        </span>
                      ) : (
                        <>
                          {items.slice(0, 3).map(({ e, note }) => (
                            <span
                              key={e.id}
                              className="lt-month-event"
                              aria-hidden
                              style={{
                                background: `var(--mantine-color-${EVENT_KIND_COLORS[e.kind]}-0)`,
                                color: `var(--mantine-color-${EVENT_KIND_COLORS[e.kind]}-9)`,
                              }}
                              title={e.title}
                            >
                              {note ? `${note}: ` : ''}
                              {e.title}
                            </span>
                          ))}
                          {items.length > 3 ? (
                            <Text size="xs" c="dimmed" aria-hidden>
                              +{items.length - 3} sự kiện
                            </Text>
                          ) : null}
                        </>
                      )}
                    </button>
                  );
                })}
              </Box>
              {selectedDay ? (
                <Card padding="md" aria-live="polite">
                  <Title order={3} size="h4" mb={4}>
                    {dayHeading(selectedDay)}
                  </Title>
                  {selectedItems.length === 0 ? (
                    <Text c="dimmed">Không có sự kiện.</Text>
                  ) : (
                    selectedItems.map(({ e, note }) => <EventRow key={e.id} e={e} note={note} />)
                  )}
                </Card>
              ) : (
                <Text size="sm" c="dimmed">
                  Bấm vào một ngày để xem chi tiết sự kiện.
                </Text>
              )}
            </Stack>
          ) : listDays.length === 0 ? (
            <Paper withBorder>
              <Empty
                title={`Không có sự kiện trong ${monthLabel.toLowerCase()}`}
                description="Sự kiện xuất hiện khi có kế hoạch được ban hành, nhiệm vụ được giao hoặc ngày kỷ niệm trong tháng."
              />
            </Paper>
          ) : (
            <Stack gap="sm">
              {listDays.map(({ day, items }) => (
                <Card key={day} padding="md" style={day === today ? { borderColor: 'var(--mantine-color-frontRed-4)' } : undefined}>
                  <Group gap="xs" mb={4}>
                    <IconCalendarEvent size={18} aria-hidden />
                    <Title order={3} size="h5">
                      {dayHeading(day)}
                      {day === today ? ' · Hôm nay' : ''}
                    </Title>
                  </Group>
                  {items.map(({ e, note }) => (
                    <EventRow key={e.id} e={e} note={note} />
                  ))}
                </Card>
              ))}
            </Stack>
          )}
        </>
      )}
      <FeedModal opened={feedOpen} onClose={() => setFeedOpen(false)} />
    </Stack>
  );
}
