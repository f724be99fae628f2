// Workflow buttons of an article, each shown only when the server's `can` allows it, with their dialogs.
import { Button, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import {
  IconArrowBackUp,
  IconCalendarOff,
  IconCalendarTime,
  IconCheck,
  IconClock,
  IconEyeOff,
  IconRubberStamp,
  IconSend,
  IconTrash,
  IconWorldUpload,
} from '@tabler/icons-react';
import { type ReactNode, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { FormDialog } from '../../components/ModalForm';
import { DateField } from '../../components/DateField';
import { api, errorMessage } from '../../lib/api';
import { formatDate, formatDateTime, todayIso } from '../../lib/format';
import { type Article, articleKey, vnDateTimeToIso, vnNowPlus } from '../../lib/news';

type Dialog = null | 'return' | 'approve' | 'publish' | 'schedule' | 'unpublish' | 'delete';

/** Rounds a Việt Nam wall-clock time up to the next 5 minutes. */
function defaultSchedule(): { date: string; time: string } {
  const { date, time } = vnNowPlus(65);
  const [h, m] = time.split(':').map(Number);
  const up = Math.ceil(m / 5) * 5;
  if (up < 60) return { date, time: `${String(h).padStart(2, '0')}:${String(up).padStart(2, '0')}` };
  const next = vnNowPlus(65 + (60 - m));
  return { date: next.date, time: `${next.time.slice(0, 2)}:00` };
}

export function ArticleWorkflow({
  article,
  beforeAction,
  onChanged,
  onSubmit,
  submitting,
  vertical,
  hideSubmit,
}: {
  article: Article;
  /** Saves pending edits first; false stops the action. */
  beforeAction: () => Promise<boolean>;
  onChanged: (a: Article) => void;
  onSubmit: () => void;
  submitting: boolean;
  vertical?: boolean;
  /** The editor's sticky bar has its own «Gửi duyệt». */
  hideSubmit?: boolean;
}) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const can = article.can;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [comment, setComment] = useState('');
  const [date, setDate] = useState<string | null>(null);
  const [time, setTime] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (!dialog) return;
    setComment('');
    setError(null);
    if (dialog === 'schedule') {
      const d = article.scheduledAt ? vnNowPlusFrom(article.scheduledAt) : defaultSchedule();
      setDate(d.date);
      setTime(d.time);
    }
  }, [dialog, article.scheduledAt]);

  const path = `/api/news/articles/${encodeURIComponent(article.id)}`;

  const run = async (key: string, fn: () => Promise<Article | undefined>, done: { title: string; message: string }) => {
    setBusy(key);
    setError(null);
    try {
      if (!(await beforeAction())) return;
      const next = await fn();
      if (next) {
        client.setQueryData(articleKey(article.id), next);
        onChanged(next);
      }
      client.invalidateQueries({ queryKey: ['news-articles'] });
      client.invalidateQueries({ queryKey: ['news-revisions', article.id] });
      client.invalidateQueries({ queryKey: ['news-comments', article.id] });
      client.invalidateQueries({ queryKey: ['home', 'todo'] });
      notifications.show({ color: 'green', icon: <IconCheck size={18} />, title: done.title, message: done.message });
      setDialog(null);
    } catch (err) {
      if (dialog) setError(errorMessage(err));
      else notifications.show({ color: 'red', title: 'Chưa thực hiện được', message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  const scheduleAt = date ? vnDateTimeToIso(date, time) : null;

  const buttons: ReactNode[] = [];
  if (can.submit && !hideSubmit)
    buttons.push(
      <Button key="submit" leftSection={<IconSend size={18} />} onClick={onSubmit} loading={submitting}>
        Gửi duyệt
      </Button>,
    );
  if (can.approve)
    buttons.push(
      <Button key="approve" color="green" leftSection={<IconRubberStamp size={18} />} onClick={() => setDialog('approve')}>
        Duyệt
      </Button>,
    );
  if (can.returnToDraft)
    buttons.push(
      <Button key="return" variant="default" leftSection={<IconArrowBackUp size={18} />} onClick={() => setDialog('return')}>
        Trả lại
      </Button>,
    );
  if (can.publish)
    buttons.push(
      <Button key="publish" leftSection={<IconWorldUpload size={18} />} onClick={() => setDialog('publish')}>
        {article.status === 'unpublished' ? 'Đăng lại ngay' : 'Đăng ngay'}
      </Button>,
    );
  if (can.schedule)
    buttons.push(
      <Button key="schedule" variant="light" leftSection={<IconCalendarTime size={18} />} onClick={() => setDialog('schedule')}>
        {article.status === 'scheduled' ? 'Đổi giờ đăng' : 'Hẹn giờ đăng'}
      </Button>,
    );
  if (can.unschedule)
    buttons.push(
      <Button
        key="unschedule"
        variant="default"
        leftSection={<IconCalendarOff size={18} />}
        loading={busy === 'unschedule'}
        onClick={() =>
          run('unschedule', () => api.post<Article>(`${path}/unschedule`), { title: 'Đã hủy hẹn giờ', message: 'Tin trở về trạng thái «Đã duyệt».' })
        }
      >
        Hủy hẹn giờ
      </Button>,
    );
  if (can.unpublish)
    buttons.push(
      <Button key="unpublish" variant="default" color="red" leftSection={<IconEyeOff size={18} />} onClick={() => setDialog('unpublish')}>
        Gỡ bài
      </Button>,
    );
  if (can.delete)
    buttons.push(
      <Button key="delete" variant="subtle" color="red" leftSection={<IconTrash size={18} />} onClick={() => setDialog('delete')}>
        Xóa
      </Button>,
    );

  return (
    <>
      {buttons.length ? (
        vertical ? (
          <Stack gap="xs">{buttons}</Stack>
        ) : (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            {buttons}
          </SimpleGrid>
        )
      ) : (
        <Text size="sm" c="dimmed">
          Bạn không có thao tác nào với tin bài ở trạng thái này.
        </Text>
      )}

      <FormDialog
        opened={dialog === 'return'}
        onClose={() => setDialog(null)}
        title="Trả lại tin bài"
        confirm="Trả lại"
        busy={busy === 'return'}
        error={error}
        onConfirm={() => {
          if (!comment.trim()) {
            setError('Hãy ghi rõ cần sửa gì để người viết biết.');
            return;
          }
          run('return', () => api.post<Article>(`${path}/return`, { comment: comment.trim() }), {
            title: 'Đã trả lại tin bài',
            message: 'Người viết nhận được góp ý để sửa rồi gửi duyệt lại.',
          });
        }}
      >
        <Textarea label="Góp ý cho người viết" required autosize minRows={3} maxLength={4000} value={comment} onChange={(e) => setComment(e.currentTarget.value)} data-autofocus />
      </FormDialog>

      <FormDialog
        opened={dialog === 'approve'}
        onClose={() => setDialog(null)}
        title="Duyệt tin bài"
        confirm="Duyệt"
        confirmColor="green"
        busy={busy === 'approve'}
        error={error}
        onConfirm={() =>
          run('approve', () => api.post<Article>(`${path}/approve`, comment.trim() ? { comment: comment.trim() } : {}), {
            title: 'Đã duyệt tin bài',
            message: 'Tin có thể được đăng ngay hoặc hẹn giờ đăng.',
          })
        }
      >
        <Text size="sm">«{article.title}» sẽ được duyệt. Sau đó bạn hoặc biên tập viên có thể đăng ngay hoặc hẹn giờ đăng.</Text>
        <Textarea label="Ý kiến (không bắt buộc)" autosize minRows={2} maxLength={4000} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
      </FormDialog>

      <FormDialog
        opened={dialog === 'publish'}
        onClose={() => setDialog(null)}
        title="Đăng tin ngay"
        confirm="Đăng ngay"
        busy={busy === 'publish'}
        error={error}
        onConfirm={() => run('publish', () => api.post<Article>(`${path}/publish`), { title: 'Đã đăng tin', message: 'Tin đã hiện trên trang thông tin.' })}
      >
        <Text size="sm">
          «{article.title}» sẽ hiện ngay trên trang thông tin của {article.unitName}
          {article.status === 'scheduled' && article.scheduledAt ? ` (thay cho giờ hẹn ${formatDateTime(article.scheduledAt)})` : ''}.
        </Text>
      </FormDialog>

      <FormDialog
        opened={dialog === 'schedule'}
        onClose={() => setDialog(null)}
        title="Hẹn giờ đăng"
        confirm="Hẹn giờ đăng"
        busy={busy === 'schedule'}
        error={error}
        onConfirm={() => {
          if (!scheduleAt) {
            setError('Hãy chọn ngày (dd/mm/yyyy) và giờ (HH:mm) đăng tin.');
            return;
          }
          run('schedule', () => api.post<Article>(`${path}/schedule`, { at: scheduleAt }), {
            title: 'Đã hẹn giờ đăng',
            message: `Tin sẽ tự động đăng lúc ${time} ngày ${formatDate(date)}.`,
          });
        }}
      >
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <DateField label="Ngày đăng" value={date} onChange={setDate} minDate={todayIso()} required />
          <TimeInput
            size="md"
            label="Giờ đăng"
            description="Giờ Việt Nam, 24 giờ"
            value={time}
            onChange={(e) => setTime(e.currentTarget.value)}
            leftSection={<IconClock size={18} aria-hidden />}
            required
          />
        </SimpleGrid>
        <Text size="sm" aria-live="polite">
          {scheduleAt ? `Tin sẽ tự động đăng lúc ${time} ngày ${formatDate(date)} (giờ Việt Nam).` : 'Chọn ngày và giờ đăng.'}
        </Text>
      </FormDialog>

      <FormDialog
        opened={dialog === 'unpublish'}
        onClose={() => setDialog(null)}
        title="Gỡ tin khỏi trang thông tin"
        confirm="Gỡ bài"
        confirmColor="red"
        busy={busy === 'unpublish'}
        error={error}
        onConfirm={() =>
          run('unpublish', () => api.post<Article>(`${path}/unpublish`, comment.trim() ? { reason: comment.trim() } : {}), {
            title: 'Đã gỡ tin',
            message: 'Tin không còn hiện trên trang thông tin; đường dẫn cũ báo không tìm thấy.',
          })
        }
      >
        <Text size="sm">Tin sẽ không còn hiện trên trang công khai và kết quả tìm kiếm. Có thể đăng lại sau.</Text>
        <Textarea label="Lý do gỡ" autosize minRows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.currentTarget.value)} data-autofocus />
      </FormDialog>

      <FormDialog
        opened={dialog === 'delete'}
        onClose={() => setDialog(null)}
        title="Xóa bản nháp"
        confirm="Xóa vĩnh viễn"
        confirmColor="red"
        busy={busy === 'delete'}
        error={error}
        onConfirm={async () => {
          setBusy('delete');
          setError(null);
          try {
            await api.del(path);
            client.removeQueries({ queryKey: articleKey(article.id) });
            client.invalidateQueries({ queryKey: ['news-articles'] });
            notifications.show({ color: 'green', title: 'Đã xóa bản nháp', message: `«${article.title}» đã được xóa.` });
            navigate('/tin-bai', { replace: true });
          } catch (err) {
            setError(errorMessage(err));
          } finally {
            setBusy(null);
          }
        }}
      >
        <Text size="sm">Xóa bản nháp «{article.title}»? Việc này không hoàn tác được.</Text>
      </FormDialog>
    </>
  );
}

/** The scheduled time as Việt Nam wall-clock date and time (to prefill a reschedule). */
function vnNowPlusFrom(iso: string): { date: string; time: string } {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16) };
}
