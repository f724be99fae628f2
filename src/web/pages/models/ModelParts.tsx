// Pieces shared by the good-models pages: status badge, photo upload, review and commendation dialogs.
import { Button, Checkbox, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { AppModal, ErrorAlert, StatusBadge } from '../../components/common';
import { DateField } from '../../components/DateField';
import { ImageUploadDialog } from '../../components/ImageUpload';
import { api, request } from '../../lib/api';
import { type Commendation, type ModelDetail, modelKey, statusTone, uploadModelPhoto } from '../../lib/models';

export function ModelStatusBadge({ status, label }: { status: string; label: string }) {
  return <StatusBadge tone={statusTone(status)}>{label}</StatusBadge>;
}

/** After a change: the detail in the cache, lists and history refreshed. */
export function useModelRefresh() {
  const client = useQueryClient();
  return (next: ModelDetail) => {
    client.setQueryData(modelKey(next.id), next);
    client.invalidateQueries({ queryKey: ['models'] });
    client.invalidateQueries({ queryKey: ['model-history', next.id] });
    client.invalidateQueries({ queryKey: ['dashboard'] });
  };
}

/** Adds a photo to a profile: file, required description (alt text), caption. */
export function PhotoUploadModal({ model, opened, onClose }: { model: ModelDetail; opened: boolean; onClose: () => void }) {
  const refresh = useModelRefresh();
  return (
    <ImageUploadDialog
      opened={opened}
      onClose={onClose}
      title="Thêm ảnh"
      altExample="Cô Lan hướng dẫn người cao tuổi cài ứng dụng VNeID"
      upload={async ({ file, alt, caption }) => {
        refresh(await uploadModelPhoto(model.id, file, alt, caption));
        notifications.show({ color: 'green', title: 'Đã thêm ảnh', message: 'Máy chủ đã thu nhỏ ảnh cho điện thoại và máy tính.' });
      }}
    />
  );
}

interface CommendationDraft {
  form: string;
  docNumber: string;
  docDate: string | null;
}

const emptyCommendation = (c?: Commendation | null): CommendationDraft => ({ form: c?.form ?? '', docNumber: c?.docNumber ?? '', docDate: c?.docDate ?? null });

/** Form of honour, decision number and date; all three or none. Returns the errors by field. */
function checkCommendation(c: CommendationDraft, required: boolean): Partial<Record<keyof CommendationDraft, string>> {
  const any = !!(c.form.trim() || c.docNumber.trim() || c.docDate);
  if (!any && !required) return {};
  const e: Partial<Record<keyof CommendationDraft, string>> = {};
  if (!c.form.trim()) e.form = 'Hãy ghi hình thức khen thưởng, ví dụ «Bằng khen».';
  if (!c.docNumber.trim()) e.docNumber = 'Hãy ghi số quyết định.';
  if (!c.docDate) e.docDate = 'Hãy chọn ngày quyết định (dd/mm/yyyy).';
  return e;
}

function CommendationFields({ value, onChange, errors }: { value: CommendationDraft; onChange: (v: CommendationDraft) => void; errors: Partial<Record<keyof CommendationDraft, string>> }) {
  return (
    <Stack gap="sm">
      <TextInput
        label="Hình thức khen thưởng"
        placeholder="Bằng khen, Giấy khen…"
        value={value.form}
        onChange={(e) => onChange({ ...value, form: e.currentTarget.value })}
        error={errors.form}
        maxLength={300}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label="Số quyết định"
          placeholder="42/QĐ-MTTQ-BTT"
          value={value.docNumber}
          onChange={(e) => onChange({ ...value, docNumber: e.currentTarget.value })}
          error={errors.docNumber}
          maxLength={60}
        />
        <DateField label="Ngày quyết định" value={value.docDate} onChange={(d) => onChange({ ...value, docDate: d })} error={errors.docDate} />
      </SimpleGrid>
    </Stack>
  );
}

const REVIEW_TITLES = { accept: 'Công nhận', return: 'Trả lại để bổ sung', reject: 'Không công nhận' } as const;
export type ReviewMode = keyof typeof REVIEW_TITLES;

/** Accept (comment optional, public by default, optional commendation) / return / reject (comment required). */
export function ReviewModal({ model, mode, onClose }: { model: ModelDetail; mode: ReviewMode | null; onClose: () => void }) {
  const refresh = useModelRefresh();
  const [comment, setComment] = useState('');
  const [isPublic, setIsPublic] = useState(true);
  const [honour, setHonour] = useState<CommendationDraft>(emptyCommendation());
  const [errors, setErrors] = useState<{ comment?: string } & Partial<Record<keyof CommendationDraft, string>>>({});

  useEffect(() => {
    if (!mode) return;
    setComment('');
    setIsPublic(true);
    setHonour(emptyCommendation(model.commendation));
    setErrors({});
  }, [mode, model.commendation]);

  const act = useMutation({
    mutationFn: () => {
      const url = `/api/models/${encodeURIComponent(model.id)}/${mode}`;
      if (mode !== 'accept') return api.post<ModelDetail>(url, { comment: comment.trim() });
      const c = honour.form.trim() ? { form: honour.form.trim(), docNumber: honour.docNumber.trim(), docDate: honour.docDate } : null;
      return api.post<ModelDetail>(url, { comment: comment.trim() || null, isPublic, commendation: c });
    },
    onSuccess: (next) => {
      refresh(next);
      notifications.show({
        color: mode === 'accept' ? 'green' : 'orange',
        title: mode === 'accept' ? 'Đã công nhận' : mode === 'return' ? 'Đã trả lại hồ sơ' : 'Đã ghi nhận không công nhận',
        message: `${model.unitName} được thông báo.`,
      });
      onClose();
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const found: typeof errors = mode === 'accept' ? checkCommendation(honour, false) : {};
    if (mode !== 'accept' && !comment.trim()) found.comment = mode === 'return' ? 'Hãy nêu điều cần bổ sung để đơn vị biết.' : 'Hãy nêu lý do không công nhận.';
    setErrors(found);
    if (Object.keys(found).length) return;
    act.mutate();
  };

  return (
    <AppModal opened={!!mode} onClose={onClose} title={mode ? REVIEW_TITLES[mode] : ''} size="lg">
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          <Text size="sm">
            {mode === 'accept'
              ? `«${model.name}» được công nhận là ${model.kindLabel.toLowerCase()}. Có thể ghi nhận khen thưởng ngay hoặc sau.`
              : mode === 'return'
                ? 'Hồ sơ được trả về đơn vị để bổ sung rồi gửi lại.'
                : 'Hồ sơ không được công nhận và không đăng lên trang thông tin.'}
          </Text>
          <Textarea
            label={mode === 'accept' ? 'Ý kiến' : mode === 'return' ? 'Ý kiến (điều cần bổ sung)' : 'Ý kiến (lý do)'}
            withAsterisk={mode !== 'accept'}
            autosize
            minRows={3}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={errors.comment}
            maxLength={2000}
            data-autofocus
          />
          {mode === 'accept' ? (
            <>
              <Checkbox label="Đăng hồ sơ lên trang thông tin" checked={isPublic} onChange={(e) => setIsPublic(e.currentTarget.checked)} />
              <Text fw={600} size="sm">
                Khen thưởng (không bắt buộc)
              </Text>
              <CommendationFields value={honour} onChange={setHonour} errors={errors} />
            </>
          ) : null}
          {act.error ? <ErrorAlert error={act.error} title="Chưa thực hiện được" /> : null}
          <Group justify="flex-end" className="lt-sticky-actions">
            <Button variant="default" onClick={onClose}>
              Hủy
            </Button>
            <Button type="submit" color={mode === 'accept' ? undefined : mode === 'return' ? 'orange' : 'red'} loading={act.isPending}>
              {mode ? REVIEW_TITLES[mode] : ''}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

/** Records (or clears) the commendation of an accepted profile. */
export function CommendationModal({ model, opened, onClose }: { model: ModelDetail; opened: boolean; onClose: () => void }) {
  const refresh = useModelRefresh();
  const [honour, setHonour] = useState<CommendationDraft>(emptyCommendation());
  const [errors, setErrors] = useState<Partial<Record<keyof CommendationDraft, string>>>({});
  useEffect(() => {
    if (!opened) return;
    setHonour(emptyCommendation(model.commendation));
    setErrors({});
  }, [opened, model.commendation]);
  const save = useMutation({
    mutationFn: (c: Commendation | null) => request<ModelDetail>(`/api/models/${encodeURIComponent(model.id)}/commendation`, { method: 'PUT', body: { commendation: c } }),
    onSuccess: (next) => {
      refresh(next);
      notifications.show({ color: 'green', title: 'Đã lưu khen thưởng', message: next.commendation ? `${next.commendation.form}, Quyết định số ${next.commendation.docNumber}.` : 'Đã xóa ghi nhận khen thưởng.' });
      onClose();
    },
  });
  return (
    <AppModal opened={opened} onClose={onClose} title="Ghi nhận khen thưởng" size="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const found = checkCommendation(honour, true);
          setErrors(found);
          if (Object.keys(found).length || !honour.docDate) return;
          save.mutate({ form: honour.form.trim(), docNumber: honour.docNumber.trim(), docDate: honour.docDate });
        }}
      >
        <Stack gap="md">
          <CommendationFields value={honour} onChange={setHonour} errors={errors} />
          {save.error ? <ErrorAlert error={save.error} title="Chưa lưu được" /> : null}
          <Group justify="space-between" className="lt-sticky-actions">
            {model.commendation ? (
              <Button variant="subtle" color="red" onClick={() => save.mutate(null)} loading={save.isPending && !honour.form}>
                Xóa khen thưởng
              </Button>
            ) : (
              <span />
            )}
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Hủy
              </Button>
              <Button type="submit" loading={save.isPending}>
                Lưu khen thưởng
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
