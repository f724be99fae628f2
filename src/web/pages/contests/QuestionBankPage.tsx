// Ngân hàng câu hỏi: filters (status, topic, difficulty, search), paging, create/edit, review, usage statistics,
// and .xlsx template / import / export.
import { ActionIcon, Anchor, Breadcrumbs, Button, Group, Menu, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconArrowBackUp, IconCheck, IconDots, IconDownload, IconFileSpreadsheet, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { AppModal, FormErrorSummary, PageHeader } from '../../components/common';
import { ImportModal } from '../../components/ImportModal';
import { CellText, ChipFilter, FilterBar, FilterSelect, ListCard, ListResults, ResponsiveList, useListParams } from '../../components/ListKit';
import { SearchBox } from '../../components/SearchBox';
import { api, errorMessage, withQuery } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { DIFFICULTY, difficultyLabel, optionLetter, type Question, QUESTION_STATUS, type QuestionStatus, useQuestions } from '../../lib/contests';
import { formatNumber } from '../../lib/format';
import { flattenTopics, useCampaigns, useTopics } from '../../lib/plans';
import { useUrlSearch } from '../../lib/useUrlSearch';
import { QuestionStatusBadge, ReviewNote } from './ContestParts';
import { QuestionFormModal } from './QuestionForm';
import './contests.css';

const PAGE_SIZE = 20;

function usage(q: Question): string {
  if (!q.answered) return 'Chưa có người trả lời';
  return `${formatNumber(q.answered)} lượt trả lời · đúng ${q.correctRate?.toLocaleString('vi-VN') ?? 0}%`;
}

function useReview(onDone?: () => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ q, status, comment }: { q: Question; status: QuestionStatus; comment?: string }) =>
      api.post<Question>(`/api/contest-questions/${encodeURIComponent(q.id)}/review`, { status, version: q.version, ...(comment ? { comment } : {}) }),
    onSuccess: (q, { q: before }) => {
      client.invalidateQueries({ queryKey: ['contest-questions'] });
      const done =
        q.status === 'approved'
          ? 'Đã duyệt câu hỏi'
          : q.status === 'archived'
            ? 'Đã đưa câu hỏi vào lưu trữ'
            : before.status === 'archived'
              ? 'Đã khôi phục câu hỏi (chờ duyệt)'
              : 'Đã trả lại câu hỏi kèm góp ý';
      notifications.show({ color: 'green', title: done, message: q.text.slice(0, 100) });
      onDone?.();
    },
    onError: (err) => {
      if (!onDone) notifications.show({ color: 'red', title: 'Không thực hiện được', message: errorMessage(err) });
    },
  });
}

/** A review that needs a reason for the author: return to draft, or archive (not use). */
interface ReviewIntent {
  q: Question;
  status: 'draft' | 'archived';
}

function ReviewCommentModal({ intent, onClose }: { intent: ReviewIntent | null; onClose: () => void }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const review = useReview(onClose);
  const archiving = intent?.status === 'archived';
  const submit = () => {
    if (!intent) return;
    const text = comment.trim();
    if (!text) {
      setError(archiving ? 'Góp ý: hãy ghi rõ lý do không dùng câu hỏi.' : 'Góp ý: hãy ghi rõ lý do trả lại để người soạn biết cần sửa gì.');
      return;
    }
    if (text.length > 2000) {
      setError('Góp ý: tối đa 2.000 ký tự.');
      return;
    }
    setError(null);
    review.mutate({ q: intent.q, status: intent.status, comment: text });
  };
  return (
    <AppModal opened={!!intent} onClose={onClose} title={archiving ? 'Đưa câu hỏi vào lưu trữ' : 'Trả lại câu hỏi kèm góp ý'} size="lg">
      {intent ? (
        <Stack gap="md">
          <FormErrorSummary messages={error ? [error] : []} serverError={review.error} />
          <Text size="sm" fw={600} className="ct-question-text">
            {intent.q.text}
          </Text>
          <Text size="sm" c="dimmed">
            {archiving
              ? 'Câu hỏi lưu trữ không được lấy vào đề thi. Người soạn xem được lý do trên câu hỏi.'
              : 'Câu hỏi quay về «Chờ duyệt». Người soạn xem được góp ý trên danh sách và khi sửa câu hỏi.'}
          </Text>
          <Textarea
            label="Góp ý cho người soạn"
            required
            autosize
            minRows={3}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end" className="lt-sticky-actions">
            <Button variant="default" onClick={onClose}>
              Hủy
            </Button>
            <Button color={archiving ? 'red' : undefined} loading={review.isPending} onClick={submit}>
              {archiving ? 'Đưa vào lưu trữ' : 'Trả lại kèm góp ý'}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </AppModal>
  );
}

function QuestionActions({ q, onEdit, onReview }: { q: Question; onEdit: (q: Question) => void; onReview: (intent: ReviewIntent) => void }) {
  const review = useReview();
  const busy = review.isPending;
  return (
    <Group gap={6} wrap="nowrap">
      {q.status === 'draft' ? (
        <Button size="xs" variant="light" color="green" leftSection={<IconCheck size={14} />} loading={busy} onClick={() => review.mutate({ q, status: 'approved' })} aria-label={`Duyệt câu hỏi: ${q.text.slice(0, 60)}`}>
          Duyệt
        </Button>
      ) : null}
      <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => onEdit(q)} aria-label={`Sửa câu hỏi: ${q.text.slice(0, 60)}`}>
        Sửa
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Thao tác khác: ${q.text.slice(0, 60)}`}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {q.status !== 'archived' ? (
            <Menu.Item leftSection={<IconArrowBackUp size={16} />} onClick={() => onReview({ q, status: 'draft' })}>
              Trả lại kèm góp ý
            </Menu.Item>
          ) : null}
          {q.status === 'archived' ? <Menu.Item onClick={() => review.mutate({ q, status: 'draft' })}>Khôi phục (chờ duyệt)</Menu.Item> : null}
          {q.status !== 'archived' ? (
            <Menu.Item color="red" onClick={() => onReview({ q, status: 'archived' })}>
              Đưa vào lưu trữ (không dùng trong đề)
            </Menu.Item>
          ) : null}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

function Options({ q }: { q: Question }) {
  return (
    <Stack gap={0} mt={4}>
      {q.options.map((o, i) => (
        <Text key={o.id} size="sm" c={q.correct.includes(i) ? 'green.9' : 'dimmed'} fw={q.correct.includes(i) ? 600 : undefined}>
          {optionLetter(i)}. {o.text}
          {q.correct.includes(i) ? ' ✓' : ''}
        </Text>
      ))}
    </Stack>
  );
}

function QuestionList({ items, onEdit, onReview }: { items: Question[]; onEdit: (q: Question) => void; onReview: (intent: ReviewIntent) => void }) {
  const text = (q: Question) => (
    <Text fw={600} className="ct-question-text">
      {q.text}
    </Text>
  );
  const kind = (q: Question) => (q.kind === 'single' ? 'Một đáp án' : 'Nhiều đáp án');
  const note = (q: Question) => (q.reviewComment && q.status !== 'approved' ? <ReviewNote comment={q.reviewComment} /> : null);
  const actions = (q: Question) => <QuestionActions q={q} onEdit={onEdit} onReview={onReview} />;
  return (
    <ResponsiveList
      rows={items}
      rowKey={(q) => q.id}
      minWidth={880}
      cardsTestId="question-cards"
      tableTestId="question-table"
      card={(q) => (
        <ListCard meta={`${kind(q)} · ${difficultyLabel(q.difficulty)}`} metaSize="xs" badge={<QuestionStatusBadge status={q.status} />}>
          {text(q)}
          <Options q={q} />
          {q.topicTitle ? (
            <Text size="xs" c="dimmed">
              {q.topicTitle}
            </Text>
          ) : null}
          <Text size="xs">{usage(q)}</Text>
          {note(q)}
          {actions(q)}
        </ListCard>
      )}
      columns={[
        {
          header: 'Câu hỏi và phương án',
          cell: (q) => (
            <>
              {text(q)}
              <Options q={q} />
              {note(q)}
            </>
          ),
        },
        { header: 'Chủ đề', width: 170, cell: (q) => <CellText>{q.topicTitle ?? '—'}</CellText> },
        {
          header: 'Mức độ, sử dụng',
          width: 150,
          cell: (q) => (
            <>
              <CellText>{difficultyLabel(q.difficulty)}</CellText>
              <Text size="xs" c="dimmed">
                {kind(q)}
              </Text>
              <Text size="xs" mt={4}>
                {usage(q)}
              </Text>
            </>
          ),
        },
        { header: 'Trạng thái', width: 110, cell: (q) => <QuestionStatusBadge status={q.status} /> },
        { header: 'Thao tác', width: 170, cell: actions },
      ]}
    />
  );
}

export default function QuestionBankPage() {
  const me = useCurrentMe();
  const client = useQueryClient();
  const { params, page, set, setPage } = useListParams();
  const status = params.get('trangThai') ?? '';
  const topicId = params.get('chuDe');
  const difficulty = params.get('mucDo');
  const search = params.get('q') ?? '';
  const [searchText, changeSearch] = useUrlSearch();
  const campaigns = useCampaigns();
  const ownCampaigns = useMemo(() => (campaigns.data ?? []).filter((c) => c.status === 'active'), [campaigns.data]);
  const campaignId = params.get('chuongTrinh') ?? ownCampaigns.find((c) => c.unitId === me.actingUnitId)?.id ?? ownCampaigns[0]?.id ?? null;
  const topics = useTopics(campaignId);
  const flatTopics = useMemo(() => flattenTopics(topics.data ?? []), [topics.data]);
  const [editing, setEditing] = useState<Question | null | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const [reviewing, setReviewing] = useState<ReviewIntent | null>(null);

  const query = useQuestions({ search: search || undefined, status: status || undefined, topicId: topicId || undefined, difficulty: difficulty || undefined, page, pageSize: PAGE_SIZE });
  const filtered = !!(search || status || topicId || difficulty);
  const fileQuery = { unitId: me.actingUnitId, campaignId };

  return (
    <Stack gap="md">
      <PageHeader
        before={
          <Breadcrumbs>
            <Anchor component={Link} to="/cuoc-thi">
              Cuộc thi
            </Anchor>
            <Text span size="sm" c="dimmed">
              Ngân hàng câu hỏi
            </Text>
          </Breadcrumbs>
        }
        title="Ngân hàng câu hỏi"
        description="Soạn câu hỏi, gửi người khác duyệt; chỉ câu hỏi đã duyệt được lấy vào đề thi."
        actions={
          <>
            <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
              Thêm câu hỏi
            </Button>
            <Button variant="default" leftSection={<IconFileSpreadsheet size={18} />} onClick={() => setImporting(true)}>
              Nhập từ Excel
            </Button>
            <Button component="a" href={withQuery('/api/contest-questions/template', {})} download variant="default" leftSection={<IconDownload size={18} />}>
              Tải mẫu
            </Button>
            <Button component="a" href={withQuery('/api/contest-questions/export', fileQuery)} download variant="default" leftSection={<IconDownload size={18} />}>
              Xuất Excel
            </Button>
          </>
        }
      />

      <FilterBar
        cols={{ base: 1, sm: 2, md: 4 }}
        below={<ChipFilter id="q-status-filter" allLabel="Đang dùng và chờ duyệt" options={QUESTION_STATUS} value={status} onChange={(v) => set({ trangThai: v, trang: null })} />}
      >
        <SearchBox label="Tìm câu hỏi" placeholder="Gõ có dấu hoặc không dấu" value={searchText} onChange={changeSearch} />
        <Select
          label="Chương trình"
          data={ownCampaigns.map((c) => ({ value: c.id, label: c.name }))}
          value={campaignId}
          onChange={(v) => set({ chuongTrinh: v, chuDe: null, trang: null })}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <FilterSelect
          label="Chủ đề"
          placeholder="Tất cả chủ đề"
          searchable
          data={flatTopics.map(({ topic, depth }) => ({ value: topic.id, label: `${'  '.repeat(depth)}${topic.code} — ${topic.title}` }))}
          value={topicId}
          onChange={(v) => set({ chuDe: v, trang: null })}
        />
        <FilterSelect
          label="Mức độ"
          placeholder="Mọi mức độ"
          data={DIFFICULTY}
          value={difficulty}
          onChange={(v) => set({ mucDo: v, trang: null })}
        />
      </FilterBar>

      <ListResults
        query={query}
        loadingLabel="Đang tải ngân hàng câu hỏi…"
        errorTitle="Không tải được ngân hàng câu hỏi"
        empty={{
          title: filtered ? 'Không có câu hỏi phù hợp' : 'Ngân hàng chưa có câu hỏi',
          description: filtered ? 'Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.' : 'Hãy thêm câu hỏi hoặc nhập nhiều câu hỏi từ tệp Excel theo mẫu.',
          action: !filtered ? (
            <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
              Thêm câu hỏi
            </Button>
          ) : undefined,
        }}
        count={(total) => `${formatNumber(total)} câu hỏi`}
        page={page}
        onPage={setPage}
      >
        {(items) => <QuestionList items={items} onEdit={setEditing} onReview={setReviewing} />}
      </ListResults>

      <ReviewCommentModal key={reviewing ? `${reviewing.q.id}-${reviewing.status}` : 'none'} intent={reviewing} onClose={() => setReviewing(null)} />
      <QuestionFormModal opened={editing !== undefined} onClose={() => setEditing(undefined)} question={editing ?? null} campaignId={campaignId} />
      <ImportModal
        opened={importing}
        onClose={() => setImporting(false)}
        title="Nhập câu hỏi từ Excel"
        endpoint={withQuery('/api/contest-questions/import', fileQuery)}
        templateUrl="/api/contest-questions/template"
        what="câu hỏi"
        checkFirst={false}
        summarize={(r) => `${formatNumber(r.created)} câu hỏi (chờ duyệt)`}
        onImported={() => client.invalidateQueries({ queryKey: ['contest-questions'] })}
      />
    </Stack>
  );
}
