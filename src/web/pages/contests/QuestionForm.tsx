// Create or edit a bank question: 2–6 options, one or several correct answers, explanation, difficulty, topic.
import { ActionIcon, Alert, Button, Checkbox, Group, Radio, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { AppModal, FormErrorSummary } from '../../components/common';
import { TopicTreeSelect } from '../../components/TopicTreeSelect';
import { api } from '../../lib/api';
import { DIFFICULTY, optionLetter, type Question, type QuestionInput, type QuestionKind } from '../../lib/contests';
import { ReviewNote } from './ContestParts';
import { issuesOf, type QuestionFormValues, questionSchema } from './schemas';

function initial(q: Question | null): QuestionFormValues {
  return q
    ? { kind: q.kind, text: q.text, options: q.options.map((o) => o.text), correct: [...q.correct], explanation: q.explanation ?? '', difficulty: q.difficulty, topicId: q.topicId }
    : { kind: 'single', text: '', options: ['', '', '', ''], correct: [], explanation: '', difficulty: 1, topicId: null };
}

export function QuestionFormModal({
  opened,
  onClose,
  question,
  campaignId,
}: {
  opened: boolean;
  onClose: () => void;
  /** null: a new question. */
  question: Question | null;
  campaignId: string | null;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title={question ? 'Sửa câu hỏi' : 'Thêm câu hỏi'} size="xl">
      {opened ? <QuestionForm question={question} campaignId={question?.campaignId ?? campaignId} onDone={onClose} /> : null}
    </AppModal>
  );
}

function QuestionForm({ question, campaignId, onDone }: { question: Question | null; campaignId: string | null; onDone: () => void }) {
  const client = useQueryClient();
  const [v, setV] = useState<QuestionFormValues>(() => initial(question));
  // After a first failed submit, the messages follow the values as they are corrected.
  const [tried, setTried] = useState(false);
  const errors = useMemo(() => {
    if (!tried) return null;
    const r = questionSchema.safeParse(v);
    return r.success ? null : issuesOf(r.error);
  }, [tried, v]);
  const set = <K extends keyof QuestionFormValues>(k: K, value: QuestionFormValues[K]) => setV((prev) => ({ ...prev, [k]: value }));
  const err = (path: string) => errors?.byPath[path];

  const save = useMutation({
    mutationFn: () => {
      const body: QuestionInput = {
        kind: v.kind,
        text: v.text.trim(),
        options: v.options.map((o) => o.trim()),
        correct: [...v.correct].sort((a, b) => a - b),
        explanation: v.explanation.trim() || null,
        difficulty: v.difficulty,
        topicId: v.topicId,
      };
      if (question) return api.patch<Question>(`/api/contest-questions/${encodeURIComponent(question.id)}`, { ...body, version: question.version });
      return api.post<Question>('/api/contest-questions', { ...body, campaignId });
    },
    onSuccess: (q) => {
      client.invalidateQueries({ queryKey: ['contest-questions'] });
      notifications.show({
        color: 'green',
        title: question ? 'Đã lưu câu hỏi' : 'Đã thêm câu hỏi',
        message: q.status === 'draft' ? 'Câu hỏi đang chờ duyệt: cần một người khác duyệt trước khi dùng trong đề thi.' : q.text.slice(0, 80),
      });
      onDone();
    },
  });

  const submit = () => {
    setTried(true);
    if (!questionSchema.safeParse(v).success) {
      return;
    }
    save.mutate();
  };

  const setKind = (kind: QuestionKind) => setV((prev) => ({ ...prev, kind, correct: kind === 'single' ? prev.correct.slice(0, 1) : prev.correct }));
  const setOption = (i: number, text: string) => set('options', v.options.map((o, k) => (k === i ? text : o)));
  const removeOption = (i: number) =>
    setV((prev) => ({
      ...prev,
      options: prev.options.filter((_, k) => k !== i),
      correct: prev.correct.filter((c) => c !== i).map((c) => (c > i ? c - 1 : c)),
    }));
  const toggleCorrect = (i: number, on: boolean) => {
    if (v.kind === 'single') set('correct', on ? [i] : []);
    else set('correct', on ? [...new Set([...v.correct, i])] : v.correct.filter((c) => c !== i));
  };

  return (
    <Stack gap="md">
      <FormErrorSummary messages={errors?.messages ?? []} serverError={save.error} />
      {question?.reviewComment && question.status !== 'approved' ? <ReviewNote comment={question.reviewComment} /> : null}
      {question?.status === 'approved' ? (
        <Alert color="gold" icon={<IconInfoCircle size={18} aria-hidden />}>
          Câu hỏi đã duyệt. Nếu sửa nội dung, phương án hoặc đáp án, câu hỏi quay về «Chờ duyệt» và chỉ được dùng lại sau khi duyệt.
        </Alert>
      ) : null}
      <Stack gap={4}>
        <Text size="sm" fw={500} id="q-kind-label">
          Loại câu hỏi
        </Text>
        <SegmentedControl
          aria-labelledby="q-kind-label"
          value={v.kind}
          onChange={(x) => setKind(x as QuestionKind)}
          data={[
            { value: 'single', label: 'Một đáp án đúng' },
            { value: 'multiple', label: 'Nhiều đáp án đúng' },
          ]}
        />
      </Stack>
      <Textarea label="Nội dung câu hỏi" required autosize minRows={2} value={v.text} onChange={(e) => set('text', e.currentTarget.value)} error={err('text')} />
      <Stack gap="xs" role="group" aria-labelledby="q-options-label">
        <Text size="sm" fw={500} id="q-options-label">
          Phương án trả lời (2–6) — đánh dấu {v.kind === 'single' ? 'đáp án đúng' : 'các đáp án đúng'}
        </Text>
        {v.kind === 'single' ? (
          <Radio.Group value={v.correct.length ? String(v.correct[0]) : null} onChange={(x) => toggleCorrect(Number(x), true)}>
            <Stack gap="xs">
              {v.options.map((o, i) => (
                <OptionRow key={`o-${i.toString()}`} i={i} text={o} error={err(`options.${i}`)} onText={setOption} onRemove={v.options.length > 2 ? removeOption : undefined}>
                  <Radio value={String(i)} aria-label={`Phương án ${optionLetter(i)} là đáp án đúng`} />
                </OptionRow>
              ))}
            </Stack>
          </Radio.Group>
        ) : (
          v.options.map((o, i) => (
            <OptionRow key={`o-${i.toString()}`} i={i} text={o} error={err(`options.${i}`)} onText={setOption} onRemove={v.options.length > 2 ? removeOption : undefined}>
              <Checkbox checked={v.correct.includes(i)} onChange={(e) => toggleCorrect(i, e.currentTarget.checked)} aria-label={`Phương án ${optionLetter(i)} là đáp án đúng`} />
            </OptionRow>
          ))
        )}
        {err('correct') || err('options') ? (
          <Text c="red" size="sm" role="alert">
            {err('correct') ?? err('options')}
          </Text>
        ) : null}
        {v.options.length < 6 ? (
          <Group>
            <Button variant="light" size="sm" leftSection={<IconPlus size={16} />} onClick={() => set('options', [...v.options, ''])}>
              Thêm phương án
            </Button>
          </Group>
        ) : null}
      </Stack>
      <Textarea
        label="Giải thích đáp án"
        description="Người dự thi xem sau khi nộp bài. Nên nêu căn cứ trong Nghị quyết."
        autosize
        minRows={2}
        value={v.explanation}
        onChange={(e) => set('explanation', e.currentTarget.value)}
        error={err('explanation')}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500} id="q-diff-label">
          Mức độ
        </Text>
        <SegmentedControl aria-labelledby="q-diff-label" value={String(v.difficulty)} onChange={(x) => set('difficulty', Number(x))} data={DIFFICULTY} />
      </Stack>
      <TopicTreeSelect
        campaignId={campaignId}
        label="Chủ đề (chọn một)"
        description="Dùng cho cơ cấu câu hỏi theo chủ đề của cuộc thi."
        value={v.topicId ? [v.topicId] : []}
        onChange={(ids) => set('topicId', ids.find((x) => x !== v.topicId) ?? null)}
      />
      <Group justify="flex-end" className="lt-sticky-actions">
        <Button variant="default" onClick={onDone}>
          Hủy
        </Button>
        <Button loading={save.isPending} onClick={submit}>
          {question ? 'Lưu câu hỏi' : 'Thêm câu hỏi'}
        </Button>
      </Group>
    </Stack>
  );
}

function OptionRow({
  i,
  text,
  error,
  onText,
  onRemove,
  children,
}: {
  i: number;
  text: string;
  error?: string;
  onText: (i: number, text: string) => void;
  onRemove?: (i: number) => void;
  children: React.ReactNode;
}) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <div style={{ paddingTop: 10 }}>{children}</div>
      <TextInput style={{ flex: 1 }} aria-label={`Phương án ${optionLetter(i)}`} leftSection={<Text fw={600}>{optionLetter(i)}</Text>} value={text} onChange={(e) => onText(i, e.currentTarget.value)} error={error} />
      {onRemove ? (
        <ActionIcon variant="subtle" color="red" size="lg" mt={4} aria-label={`Xóa phương án ${optionLetter(i)}`} onClick={() => onRemove(i)}>
          <IconTrash size={18} />
        </ActionIcon>
      ) : null}
    </Group>
  );
}
