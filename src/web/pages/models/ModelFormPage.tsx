// Đề xuất mô hình hay / gương điển hình: the nomination form (/mo-hinh/moi, /mo-hinh/:id/sua) — fields,
// photos with required alt text (after the first save), linked published stories; save draft, submit for review.
import {
  ActionIcon,
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Image,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy, IconPhotoPlus, IconSend, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert, FormErrorSummary, Loading, PageHeader, useIsPhone } from '../../components/common';
import { UnitSelect } from '../../components/UnitSelect';
import { ApiError, api } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { type ModelDetail, type ModelKind, modelKey, useModel, useModelCatalogue } from '../../lib/models';
import type { ArticleSummary } from '../../lib/news';
import type { Paged } from '../../lib/types';
import { ModelStatusBadge, PhotoUploadModal, useModelRefresh } from './ModelParts';

interface Values {
  unitId: string | null;
  kind: ModelKind;
  field: string | null;
  name: string;
  place: string;
  year: number | string;
  summary: string;
  description: string;
  achievements: string;
  storyIds: string[];
}

const LABELS: Record<string, string> = {
  unitId: 'Đơn vị đề xuất',
  kind: 'Loại',
  field: 'Lĩnh vực',
  name: 'Tên mô hình / họ tên',
  place: 'Địa bàn',
  year: 'Năm',
  summary: 'Tóm tắt',
  description: 'Mô tả',
  achievements: 'Thành tích',
  storyIds: 'Tin bài liên quan',
};

function fromModel(m: ModelDetail): Values {
  return {
    unitId: m.unitId,
    kind: m.kind,
    field: m.field,
    name: m.name,
    place: m.place,
    year: m.year,
    summary: m.summary,
    description: m.description,
    achievements: m.achievements.join('\n'),
    storyIds: m.stories.map((s) => s.id),
  };
}

function validate(v: Values, forSubmit: boolean): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.name.trim()) e.name = 'Hãy ghi tên mô hình hoặc họ tên người được đề xuất.';
  if (!v.place.trim()) e.place = 'Hãy ghi địa bàn (khu dân cư, phường, xã…).';
  if (!v.field) e.field = 'Hãy chọn lĩnh vực.';
  const y = Number(v.year);
  if (!Number.isInteger(y) || y < 2000 || y > 2100) e.year = 'Năm phải từ 2000 đến 2100.';
  if (forSubmit && !v.summary.trim()) e.summary = 'Cần tóm tắt trước khi gửi đề xuất.';
  if (forSubmit && !v.description.trim()) e.description = 'Cần mô tả trước khi gửi đề xuất.';
  return e;
}

/** Published articles to link, searched on the server; the chosen ones stay in the list. */
function StoryPicker({ value, onChange, initial }: { value: string[]; onChange: (ids: string[]) => void; initial: { id: string; title: string }[] }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [known, setKnown] = useState(() => new Map(initial.map((s) => [s.id, s.title])));
  const found = useQuery({
    queryKey: ['news-articles', 'published-picker', debounced],
    queryFn: ({ signal }) => api.get<Paged<ArticleSummary>>('/api/news/articles', { status: 'published', search: debounced || undefined, pageSize: 20, page: 1 }, signal),
    staleTime: 60_000,
  });
  useEffect(() => {
    if (!found.data) return;
    setKnown((prev) => {
      const next = new Map(prev);
      for (const a of found.data.items) next.set(a.id, a.title);
      return next;
    });
  }, [found.data]);
  const data = useMemo(() => {
    const ids = new Set([...value, ...(found.data?.items ?? []).map((a) => a.id)]);
    return [...ids].map((id) => ({ value: id, label: known.get(id) ?? 'Tin bài' }));
  }, [value, found.data, known]);
  return (
    <MultiSelect
      label="Tin bài liên quan"
      description="Chọn trong các tin bài đã đăng; gõ để tìm (không cần dấu)."
      placeholder={value.length ? '' : 'Tìm tin bài đã đăng'}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={found.isFetching ? 'Đang tìm…' : 'Không có tin bài đã đăng phù hợp'}
      maxValues={20}
      hidePickedOptions
      clearable
      comboboxProps={{ withinPortal: true }}
    />
  );
}

function PhotosCard({ model }: { model: ModelDetail }) {
  const [open, setOpen] = useState(false);
  const refresh = useModelRefresh();
  const remove = useMutation({
    mutationFn: (imageId: string) => api.del<ModelDetail>(`/api/models/${encodeURIComponent(model.id)}/photos/${encodeURIComponent(imageId)}`),
    onSuccess: refresh,
  });
  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Ảnh ({model.photos.length})
          </Title>
          <Button variant="light" leftSection={<IconPhotoPlus size={18} />} onClick={() => setOpen(true)}>
            Thêm ảnh
          </Button>
        </Group>
        {model.photos.length === 0 ? (
          <Text size="sm" c="dimmed">
            Chưa có ảnh. Ảnh đầu tiên là ảnh đại diện trên trang thông tin.
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
            {model.photos.map((p) => (
              <Stack key={p.id} gap={4}>
                <div style={{ position: 'relative' }}>
                  <Image src={p.previewUrl} alt={p.alt} radius="sm" h={110} fit="cover" />
                  <ActionIcon
                    variant="filled"
                    color="red"
                    size="sm"
                    style={{ position: 'absolute', top: 4, right: 4 }}
                    aria-label={`Bỏ ảnh: ${p.alt}`}
                    loading={remove.isPending && remove.variables === p.id}
                    onClick={() => remove.mutate(p.id)}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </div>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {p.caption || p.alt}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
        )}
        {remove.error ? <ErrorAlert error={remove.error} title="Chưa bỏ được ảnh" /> : null}
      </Stack>
      <PhotoUploadModal model={model} opened={open} onClose={() => setOpen(false)} />
    </Card>
  );
}

function ModelForm({ model }: { model: ModelDetail | null }) {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const catalogue = useModelCatalogue();
  const [values, setValues] = useState<Values>(() =>
    model
      ? fromModel(model)
      : { unitId: me.actingUnitId, kind: 'model', field: null, name: '', place: '', year: new Date().getFullYear(), summary: '', description: '', achievements: '', storyIds: [] },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const phone = useIsPhone();
  const update = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));

  const body = () => ({
    kind: values.kind,
    field: values.field,
    name: values.name.trim(),
    place: values.place.trim(),
    year: Number(values.year),
    summary: values.summary.trim(),
    description: values.description.trim(),
    achievements: values.achievements
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    storyIds: values.storyIds,
  });

  const save = useMutation({
    mutationFn: async (then: 'stay' | 'submit') => {
      let saved: ModelDetail;
      if (model) {
        saved = await api.patch<ModelDetail>(`/api/models/${encodeURIComponent(model.id)}`, { ...body(), version: model.version });
      } else {
        saved = await api.post<ModelDetail>('/api/models', { ...body(), unitId: values.unitId ?? undefined });
      }
      if (then === 'submit') saved = await api.post<ModelDetail>(`/api/models/${encodeURIComponent(saved.id)}/submit`);
      return { saved, then };
    },
    onSuccess: ({ saved, then }) => {
      client.setQueryData(modelKey(saved.id), saved);
      client.invalidateQueries({ queryKey: ['models'] });
      client.invalidateQueries({ queryKey: ['model-history', saved.id] });
      if (then === 'submit') {
        notifications.show({ color: 'green', title: 'Đã gửi đề xuất', message: 'Đơn vị cấp trên được thông báo để xét duyệt.' });
        navigate(`/mo-hinh/${saved.id}`);
      } else {
        notifications.show({ color: 'green', title: 'Đã lưu bản nháp', message: model ? 'Các thay đổi đã được lưu.' : 'Bây giờ bạn có thể thêm ảnh.' });
        if (!model) navigate(`/mo-hinh/${saved.id}/sua`, { replace: true });
      }
    },
    onError: (err) => {
      if (err instanceof ApiError && Array.isArray(err.details)) {
        const byField: Record<string, string> = {};
        for (const d of err.details as { field?: string; message?: string }[]) if (d.field) byField[d.field.split('.')[0]] = d.message ?? 'không hợp lệ';
        setErrors(byField);
      }
    },
  });

  const run = (then: 'stay' | 'submit') => {
    const found = validate(values, then === 'submit');
    setErrors(found);
    if (Object.keys(found).length) return;
    save.mutate(then);
  };
  const messages = Object.entries(errors).map(([k, m]) => `${LABELS[k] ?? k}: ${m}`);

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        run('stay');
      }}
    >
      <Stack gap="md">
        <FormErrorSummary messages={messages} serverError={save.error} />
        <Card>
          <Stack gap="sm">
            {!model ? (
              <UnitSelect
                label="Đơn vị đề xuất"
                description="Mặc định là đơn vị đang làm việc; có thể đề xuất thay cho đơn vị trực thuộc."
                value={values.unitId}
                onChange={(v) => update({ unitId: v ?? me.actingUnitId })}
                clearable={false}
              />
            ) : null}
            <Stack gap={4}>
              <Text size="sm" fw={500} id="model-kind-label">
                Loại
              </Text>
              <SegmentedControl
                aria-labelledby="model-kind-label"
                value={values.kind}
                onChange={(v) => update({ kind: v as ModelKind })}
                data={(catalogue.data?.kinds ?? [
                  { key: 'model', label: 'Mô hình hay' },
                  { key: 'person', label: 'Gương điển hình tiên tiến' },
                ]).map((k) => ({ value: k.key, label: k.label }))}
                fullWidth
                orientation={phone ? 'vertical' : 'horizontal'}
              />
            </Stack>
            <TextInput
              label={values.kind === 'person' ? 'Họ tên và danh hiệu' : 'Tên mô hình'}
              required
              value={values.name}
              onChange={(e) => update({ name: e.currentTarget.value })}
              error={errors.name}
              maxLength={300}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                label="Lĩnh vực"
                required
                placeholder="Chọn lĩnh vực"
                data={(catalogue.data?.fields ?? []).map((f) => ({ value: f.key, label: f.label }))}
                value={values.field}
                onChange={(v) => update({ field: v })}
                error={errors.field}
                comboboxProps={{ withinPortal: true }}
              />
              <NumberInput label="Năm" required min={2000} max={2100} value={values.year} onChange={(v) => update({ year: v })} error={errors.year} allowDecimal={false} />
            </SimpleGrid>
            <TextInput label="Địa bàn" required placeholder="Khu dân cư, phường, xã" value={values.place} onChange={(e) => update({ place: e.currentTarget.value })} error={errors.place} maxLength={300} />
            <Textarea
              label="Tóm tắt"
              description="Một hai câu giới thiệu; hiện trong danh sách và kết quả tìm kiếm."
              autosize
              minRows={2}
              value={values.summary}
              onChange={(e) => update({ summary: e.currentTarget.value })}
              error={errors.summary}
              maxLength={600}
            />
            <Textarea
              label="Mô tả"
              description="Cách làm, kết quả, sức lan tỏa; các đoạn cách nhau một dòng trống."
              autosize
              minRows={6}
              value={values.description}
              onChange={(e) => update({ description: e.currentTarget.value })}
              error={errors.description}
              maxLength={20000}
            />
            <Textarea
              label="Thành tích"
              description="Mỗi thành tích một dòng."
              autosize
              minRows={3}
              value={values.achievements}
              onChange={(e) => update({ achievements: e.currentTarget.value })}
              error={errors.achievements}
            />
            <StoryPicker value={values.storyIds} onChange={(ids) => update({ storyIds: ids })} initial={model?.stories ?? []} />
          </Stack>
        </Card>
        {model ? (
          <PhotosCard model={model} />
        ) : (
          <Text size="sm" c="dimmed">
            Lưu bản nháp rồi thêm ảnh (ảnh cần có mô tả cho người khiếm thị).
          </Text>
        )}
        <Group justify="flex-end" gap="xs" className="lt-sticky-actions">
          <Button type="submit" variant="default" leftSection={<IconDeviceFloppy size={18} />} loading={save.isPending && save.variables === 'stay'}>
            Lưu nháp
          </Button>
          <Button leftSection={<IconSend size={18} />} loading={save.isPending && save.variables === 'submit'} onClick={() => run('submit')}>
            Gửi đề xuất
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function ModelFormPage() {
  const { id } = useParams();
  const query = useModel(id);
  const model = query.data ?? null;
  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to="/mo-hinh">
        Mô hình, gương
      </Anchor>
      {model ? (
        <Anchor component={Link} to={`/mo-hinh/${model.id}`} size="sm" truncate="end" maw={220}>
          {model.name}
        </Anchor>
      ) : null}
      <Text size="sm" c="dimmed">
        {id ? 'Sửa hồ sơ' : 'Đề xuất mới'}
      </Text>
    </Breadcrumbs>
  );
  if (id && query.isPending) return <Loading label="Đang tải hồ sơ…" />;
  if (id && (query.error || !model))
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={query.error} title="Không mở được hồ sơ" onRetry={() => query.refetch()} />
      </Stack>
    );
  return (
    <Stack gap="md" maw={900}>
      <PageHeader
        before={crumbs}
        title={id ? 'Sửa hồ sơ đề xuất' : 'Đề xuất mô hình hay, gương điển hình'}
        description={
          model ? (
            <Group component="span" gap={8}>
              <ModelStatusBadge status={model.status} label={model.statusLabel} />
            </Group>
          ) : 'Hồ sơ được lưu nháp; gửi đề xuất để đơn vị cấp trên trực tiếp xét công nhận.'}
      />
      {model && !model.can.edit ? (
        <Alert color="orange" title="Hồ sơ không sửa được">
          Hồ sơ đang ở trạng thái «{model.statusLabel}». Chỉ sửa được bản nháp hoặc hồ sơ bị trả lại.
        </Alert>
      ) : (
        <>
          {model?.status === 'returned' && model.reviewComment ? (
            <Alert color="orange" variant="light" title="Ý kiến của đơn vị cấp trên">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {model.reviewComment}
              </Text>
            </Alert>
          ) : null}
          <ModelForm key={model?.id ?? 'new'} model={model} />
        </>
      )}
    </Stack>
  );
}
