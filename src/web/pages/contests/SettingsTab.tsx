// "Cài đặt" of a contest: rules, draw settings (frozen once open), prize tiers, eligibility; open or close the contest.
import { ActionIcon, Alert, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy, IconInfoCircle, IconLock, IconPlayerPlay, IconPlayerStop, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { AppModal, FormErrorSummary } from '../../components/common';
import { TopicTreeSelect } from '../../components/TopicTreeSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { api, errorMessage } from '../../lib/api';
import { type Contest, contestKey, PRIZE_KINDS, type Prize, type PrizeKind, type Quota } from '../../lib/contests';
import { flattenTopics, useTopics } from '../../lib/plans';
import type { Unit } from '../../lib/types';
import { useUnits } from '../../lib/units';
import { issuesOf, type SettingsValues, settingsSchema } from './schemas';

const num = (v: string | number) => (typeof v === 'number' ? v : Number.NaN);

function initial(c: Contest): SettingsValues {
  return {
    title: c.title,
    rules: c.rules,
    questionsPerAttempt: c.questionsPerAttempt,
    timeLimitMinutes: c.timeLimitMinutes,
    graceSeconds: c.graceSeconds,
    attemptsPerRound: c.attemptsPerRound,
    retentionDays: c.retentionDays,
    quotas: c.quotas.map((q) => ({ ...q })),
    prizes: c.prizes.map((p) => ({ ...p })),
    areaUnitId: c.areaUnitId,
  };
}

function StatusActions({ contest }: { contest: Contest }) {
  const client = useQueryClient();
  const [confirm, setConfirm] = useState<'open' | 'closed' | null>(null);
  const change = useMutation({
    mutationFn: (status: 'open' | 'closed') => api.post<Contest>(`/api/contests/${encodeURIComponent(contest.id)}/status`, { status, version: contest.version }),
    onSuccess: (c) => {
      client.setQueryData(contestKey(c.id), c);
      client.invalidateQueries({ queryKey: ['contests'] });
      notifications.show({ color: 'green', title: c.status === 'open' ? 'Đã mở cuộc thi' : 'Đã kết thúc cuộc thi', message: c.title });
      setConfirm(null);
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Không đổi được trạng thái cuộc thi', message: errorMessage(err) }),
  });
  if (contest.status === 'closed') return <Text c="dimmed">Cuộc thi đã kết thúc.</Text>;
  return (
    <>
      {contest.status === 'draft' ? (
        <Button leftSection={<IconPlayerPlay size={18} />} onClick={() => setConfirm('open')}>
          Mở cuộc thi
        </Button>
      ) : (
        <Button color="red" variant="outline" leftSection={<IconPlayerStop size={18} />} onClick={() => setConfirm('closed')}>
          Kết thúc cuộc thi
        </Button>
      )}
      <AppModal opened={!!confirm} onClose={() => setConfirm(null)} title={confirm === 'open' ? 'Mở cuộc thi?' : 'Kết thúc cuộc thi?'} size="md">
        <Stack>
          <Text>
            {confirm === 'open'
              ? 'Người dân sẽ đăng ký và làm bài theo lịch các tuần thi. Sau khi mở, không đổi được số câu, cơ cấu câu hỏi, thời gian làm bài và số lượt thi. Hệ thống kiểm tra ngân hàng câu hỏi đã duyệt có đủ câu cho cơ cấu.'
              : 'Người dân sẽ không làm bài được nữa. Kết quả các tuần đã chốt được giữ nguyên. Không mở lại được cuộc thi đã kết thúc.'}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              Hủy
            </Button>
            <Button color={confirm === 'closed' ? 'red' : undefined} loading={change.isPending} onClick={() => confirm && change.mutate(confirm)}>
              {confirm === 'open' ? 'Mở cuộc thi' : 'Kết thúc cuộc thi'}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </>
  );
}

/** Committees the contest may be open to: the organising unit and the Front committees under it. */
function useAreaFilter(unitId: string, enabled: boolean) {
  const units = useUnits(undefined, false, enabled);
  return useMemo(() => {
    const kids = new Map<string, string[]>();
    for (const u of units.data ?? []) if (u.parentId) kids.set(u.parentId, [...(kids.get(u.parentId) ?? []), u.id]);
    const inside = new Set<string>();
    for (const stack = [unitId]; stack.length; ) {
      const id = stack.pop()!;
      inside.add(id);
      stack.push(...(kids.get(id) ?? []));
    }
    return (u: Unit) => inside.has(u.id) && (u.id === unitId || u.kind === 'front_committee');
  }, [units.data, unitId]);
}

export function SettingsTab({ contest }: { contest: Contest }) {
  const client = useQueryClient();
  const [v, setV] = useState<SettingsValues>(() => initial(contest));
  // After a first failed submit, the messages follow the values as they are corrected.
  const [tried, setTried] = useState(false);
  const errors = useMemo(() => {
    if (!tried) return null;
    const r = settingsSchema.safeParse(v);
    return r.success ? null : issuesOf(r.error);
  }, [tried, v]);
  const frozen = contest.status !== 'draft';
  const areaFilter = useAreaFilter(contest.unitId, !frozen);
  const topics = useTopics(contest.campaignId);
  const topicTitle = useMemo(() => new Map(flattenTopics(topics.data ?? []).map((f) => [f.topic.id, `${f.topic.code} — ${f.topic.title}`])), [topics.data]);
  const set = <K extends keyof SettingsValues>(k: K, value: SettingsValues[K]) => setV((prev) => ({ ...prev, [k]: value }));
  const err = (path: string) => errors?.byPath[path];

  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {
        version: contest.version,
        title: v.title.trim(),
        rules: v.rules,
        graceSeconds: v.graceSeconds,
        prizes: v.prizes.map((p) => ({ ...p, label: p.label.trim() })),
        retentionDays: v.retentionDays,
      };
      if (!frozen) {
        Object.assign(body, { questionsPerAttempt: v.questionsPerAttempt, quotas: v.quotas, timeLimitMinutes: v.timeLimitMinutes, attemptsPerRound: v.attemptsPerRound, areaUnitId: v.areaUnitId });
      }
      return api.patch<Contest>(`/api/contests/${encodeURIComponent(contest.id)}`, body);
    },
    onSuccess: (c) => {
      client.setQueryData(contestKey(c.id), c);
      client.invalidateQueries({ queryKey: ['contests'] });
      setV(initial(c));
      notifications.show({ color: 'green', title: 'Đã lưu cài đặt', message: c.title });
    },
  });

  const submit = () => {
    setTried(true);
    if (!settingsSchema.safeParse(v).success) {
      window.scrollTo({ top: 0, behavior: 'smooth' });
      return;
    }
    save.mutate();
  };

  const setQuotaTopics = (ids: string[]) => set('quotas', ids.map((id) => v.quotas.find((q) => q.topicId === id) ?? { topicId: id, count: 1 }));
  const setQuota = (i: number, count: number) => set('quotas', v.quotas.map((q, k): Quota => (k === i ? { ...q, count } : q)));
  const setPrize = (i: number, patch: Partial<Prize>) => set('prizes', v.prizes.map((p, k) => (k === i ? { ...p, ...patch } : p)));

  return (
    <Stack gap="md">
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Group justify="space-between" gap="sm">
          <Stack gap={2}>
            <Title order={2} size="h4">
              Trạng thái: {contest.statusLabel}
            </Title>
            <Text size="sm" c="dimmed">
              Trang công khai:{' '}
              <a href={contest.publicUrl} target="_blank" rel="noreferrer">
                {contest.publicUrl}
              </a>
            </Text>
          </Stack>
          <StatusActions contest={contest} />
        </Group>
      </Paper>

      <FormErrorSummary messages={errors?.messages ?? []} serverError={save.error} />

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Thông tin chung
          </Title>
          <TextInput label="Tên cuộc thi" required value={v.title} onChange={(e) => set('title', e.currentTarget.value)} error={err('title')} />
          <Textarea
            label="Thể lệ"
            description="Viết bằng HTML đơn giản: <h2>, <p>, <strong>, <ol>, <ul>, <li>, <a>. Thẻ khác bị loại bỏ khi lưu."
            autosize
            minRows={6}
            maxRows={18}
            value={v.rules}
            onChange={(e) => set('rules', e.currentTarget.value)}
            error={err('rules')}
            styles={{ input: { fontFamily: 'Consolas, "Liberation Mono", "Courier New", monospace', fontSize: 13 } }}
          />
          <Text size="sm" c="dimmed">
            Thể lệ đã lưu hiển thị cho người dân trên{' '}
            <a href={contest.publicUrl} target="_blank" rel="noreferrer">
              trang dự thi
            </a>
            .
          </Text>
          {frozen ? (
            <Text size="sm">
              <b>Đối tượng dự thi:</b> người dân cư trú tại các phường, xã thuộc {contest.areaUnitName || contest.unitName}. Địa bàn được giữ cố định khi cuộc thi đã mở.
            </Text>
          ) : (
            <UnitSelect
              label="Địa bàn dự thi"
              description="Người dân cư trú tại các phường, xã thuộc đơn vị này được đăng ký dự thi. Chỉ đổi được khi cuộc thi đang soạn."
              required
              clearable={false}
              filterUnit={areaFilter}
              value={v.areaUnitId}
              onChange={(x) => set('areaUnitId', x ?? '')}
              error={err('areaUnitId')}
              w={{ base: '100%', sm: 480 }}
            />
          )}
        </Stack>
      </Paper>

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Đề thi và lượt thi
          </Title>
          {frozen ? (
            <Alert color="gray" icon={<IconLock size={18} aria-hidden />}>
              Cuộc thi đã mở: số câu, cơ cấu câu hỏi, thời gian làm bài và số lượt thi được giữ cố định để bảo đảm công bằng.
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <NumberInput label="Số câu mỗi lượt thi" min={5} max={50} disabled={frozen} value={v.questionsPerAttempt} onChange={(x) => set('questionsPerAttempt', num(x))} error={err('questionsPerAttempt')} />
            <NumberInput label="Thời gian làm bài (phút)" min={1} max={120} disabled={frozen} value={v.timeLimitMinutes} onChange={(x) => set('timeLimitMinutes', num(x))} error={err('timeLimitMinutes')} />
            <NumberInput label="Số lượt thi mỗi tuần" min={1} max={20} disabled={frozen} value={v.attemptsPerRound} onChange={(x) => set('attemptsPerRound', num(x))} error={err('attemptsPerRound')} />
            <NumberInput label="Bù đường truyền (giây)" min={0} max={120} value={v.graceSeconds} onChange={(x) => set('graceSeconds', num(x))} error={err('graceSeconds')} />
          </SimpleGrid>
          {frozen ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Cơ cấu câu hỏi theo chủ đề
              </Text>
              {v.quotas.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Không đặt cơ cấu: câu hỏi lấy ngẫu nhiên từ toàn bộ ngân hàng đã duyệt.
                </Text>
              ) : (
                v.quotas.map((q) => (
                  <Text size="sm" key={q.topicId}>
                    {topicTitle.get(q.topicId) ?? 'Chủ đề'}: {q.count} câu
                  </Text>
                ))
              )}
            </Stack>
          ) : (
            <Stack gap="xs">
              <TopicTreeSelect
                campaignId={contest.campaignId}
                label="Cơ cấu câu hỏi theo chủ đề"
                description="Chọn các chủ đề bắt buộc có trong mỗi lượt thi, rồi nhập số câu của từng chủ đề. Số câu còn lại lấy ngẫu nhiên."
                value={v.quotas.map((q) => q.topicId)}
                onChange={setQuotaTopics}
              />
              {v.quotas.map((q, i) => (
                <NumberInput
                  key={q.topicId}
                  label={`Số câu: ${topicTitle.get(q.topicId) ?? 'chủ đề'}`}
                  min={1}
                  max={50}
                  value={q.count}
                  onChange={(x) => setQuota(i, num(x))}
                  error={err(`quotas.${i}.count`)}
                />
              ))}
              {err('quotas') ? (
                <Text c="red" size="sm" role="alert">
                  {err('quotas')}
                </Text>
              ) : null}
            </Stack>
          )}
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              Câu hỏi dự đoán
            </Text>
            <Text size="sm" c="dimmed">
              Đặt riêng cho từng tuần thi (tab «Tuần thi» → «Thêm tuần thi»).
              {contest.rounds[0] ? ` Tuần gần nhất: «${contest.rounds[contest.rounds.length - 1].predictionQuestion}»` : ''}
            </Text>
          </Stack>
        </Stack>
      </Paper>

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Cơ cấu giải thưởng mỗi tuần
          </Title>
          {v.prizes.map((p, i) => (
            <Group key={`prize-${i.toString()}`} gap="xs" align="flex-end" wrap="wrap">
              <TextInput label={`Tên giải ${i + 1}`} style={{ flex: '2 1 200px' }} value={p.label} onChange={(e) => setPrize(i, { label: e.currentTarget.value })} error={err(`prizes.${i}.label`)} />
              <NumberInput label="Số giải" w={110} min={1} max={1000} value={p.count} onChange={(x) => setPrize(i, { count: num(x) })} error={err(`prizes.${i}.count`)} />
              <Select
                label="Loại giải"
                style={{ flex: '1 1 180px' }}
                data={PRIZE_KINDS}
                value={p.kind}
                onChange={(x) => setPrize(i, { kind: (x ?? 'individual') as PrizeKind })}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
              <ActionIcon variant="subtle" color="red" size="lg" mb={4} aria-label={`Xóa giải ${p.label || i + 1}`} onClick={() => set('prizes', v.prizes.filter((_, k) => k !== i))}>
                <IconTrash size={18} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => set('prizes', [...v.prizes, { label: '', count: 1, kind: 'individual' }])} disabled={v.prizes.length >= 20}>
              Thêm giải
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Dữ liệu cá nhân
          </Title>
          <NumberInput
            label="Thời hạn lưu dữ liệu người dự thi (ngày)"
            description="Sau khi cuộc thi kết thúc quá thời hạn này, họ tên và số điện thoại được ẩn danh."
            min={30}
            max={3650}
            w={{ base: '100%', sm: 360 }}
            value={v.retentionDays}
            onChange={(x) => set('retentionDays', num(x))}
            error={err('retentionDays')}
          />
          <Group gap={6}>
            <IconInfoCircle size={16} aria-hidden />
            <Text size="sm" c="dimmed">
              Không thu thập ảnh căn cước công dân; người dự thi tự xem, sửa, xóa dữ liệu của mình.
            </Text>
          </Group>
        </Stack>
      </Paper>

      <Group justify="flex-end" className="lt-sticky-actions">
        <Button variant="default" onClick={() => { setV(initial(contest)); setTried(false); }}>
          Hoàn tác thay đổi
        </Button>
        <Button leftSection={<IconDeviceFloppy size={18} />} loading={save.isPending} onClick={submit}>
          Lưu cài đặt
        </Button>
      </Group>
    </Stack>
  );
}
