// Tải tài liệu lên: type, title, description, topics, public or internal, the file (checked by type and size on the server).
import { Anchor, Breadcrumbs, Button, Card, FileInput, Group, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormErrorSummary, PageHeader } from '../../components/common';
import { TopicTreeSelect } from '../../components/TopicTreeSelect';
import { ApiError } from '../../lib/api';
import { createMaterial, type MaterialKind, materialKey, useMaterialCatalogue, type Visibility } from '../../lib/materials';
import { formatFileSize, useCampaigns } from '../../lib/plans';
import { useLibraryCampaign } from './MaterialsPage';

const LABELS: Record<string, string> = { title: 'Tên tài liệu', kind: 'Loại tài liệu', description: 'Mô tả', visibility: 'Phạm vi', topicIds: 'Chủ đề', file: 'Tệp', campaignId: 'Chiến dịch' };

export default function MaterialNewPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const catalogue = useMaterialCatalogue();
  const campaigns = useCampaigns();
  const defaultCampaign = useLibraryCampaign();
  const [kind, setKind] = useState<MaterialKind | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('internal');
  // undefined until the person picks: the active campaign.
  const [pickedCampaign, setCampaignId] = useState<string | null | undefined>(undefined);
  const campaignId = pickedCampaign === undefined ? defaultCampaign : pickedCampaign;
  const [topicIds, setTopicIds] = useState<string[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const kindInfo = catalogue.data?.kinds.find((k) => k.key === kind);
  const max = catalogue.data?.maxUploadBytes;

  const upload = useMutation({
    mutationFn: () =>
      createMaterial({ kind: kind ?? '', title: title.trim(), description: description.trim(), visibility, campaignId: campaignId ?? '', topicIds: JSON.stringify(campaignId ? topicIds : []) }, file as File),
    onSuccess: (m) => {
      client.setQueryData(materialKey(m.id), m);
      client.invalidateQueries({ queryKey: ['materials'] });
      notifications.show({ color: 'green', title: 'Đã tải tài liệu lên', message: `«${m.title}» — ${m.visibilityLabel.toLowerCase()}.` });
      navigate(`/tai-lieu/${m.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && Array.isArray(err.details)) {
        const byField: Record<string, string> = {};
        for (const d of err.details as { field?: string; message?: string }[]) if (d.field) byField[d.field.split('.')[0]] = d.message ?? 'không hợp lệ';
        setErrors(byField);
      }
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!kind) found.kind = 'Hãy chọn loại tài liệu.';
    if (!title.trim()) found.title = 'Hãy đặt tên tài liệu.';
    if (!file) found.file = 'Hãy chọn tệp cần tải lên.';
    else if (max && file.size > max) found.file = `Tệp «${file.name}» (${formatFileSize(file.size)}) vượt quá ${formatFileSize(max)} cho phép.`;
    setErrors(found);
    if (Object.keys(found).length) return;
    upload.mutate();
  };

  const messages = Object.entries(errors).map(([k, m]) => `${LABELS[k] ?? k}: ${m}`);
  return (
    <Stack gap="md" maw={860}>
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/tai-lieu">
              Tài liệu
            </Anchor>
            <Text size="sm" c="dimmed">
              Tải lên
            </Text>
          </Breadcrumbs>
        }
        title="Tải tài liệu lên"
        description="Máy chủ kiểm tra loại tệp theo nội dung và dung lượng. Tài liệu công khai hiện trên trang thông tin."
      />
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          <FormErrorSummary messages={messages} serverError={upload.error} />
          <Card>
            <Stack gap="sm">
              <Select
                label="Loại tài liệu"
                required
                placeholder="Chọn loại"
                data={(catalogue.data?.kinds ?? []).map((k) => ({ value: k.key, label: k.label }))}
                value={kind}
                onChange={(v) => setKind(v as MaterialKind | null)}
                error={errors.kind}
                comboboxProps={{ withinPortal: true }}
              />
              <TextInput label="Tên tài liệu" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} maxLength={300} />
              <Textarea label="Mô tả" autosize minRows={3} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} maxLength={5000} />
              <Radio.Group label="Phạm vi" value={visibility} onChange={(v) => setVisibility(v as Visibility)} error={errors.visibility}>
                <Stack gap={6} mt={6}>
                  <Radio value="internal" label="Nội bộ — chỉ cán bộ các đơn vị trong phạm vi xem và tải" />
                  <Radio value="public" label="Công khai — người dân xem và tải trên trang thông tin" />
                </Stack>
              </Radio.Group>
              <FileInput
                label="Tệp"
                required
                placeholder="Chọn tệp từ máy"
                description={
                  kindInfo
                    ? `Nhận: ${kindInfo.fileTypes.join(', ')}${max ? `; tối đa ${formatFileSize(max)}` : ''}.`
                    : `Chọn loại tài liệu để xem các định dạng được nhận${max ? `; tối đa ${formatFileSize(max)}` : ''}.`
                }
                leftSection={<IconUpload size={18} aria-hidden />}
                value={file}
                onChange={setFile}
                error={errors.file}
                clearable
              />
            </Stack>
          </Card>
          <Card>
            <Stack gap="sm">
              <Select
                label="Chương trình, chiến dịch"
                placeholder="Không gắn chương trình"
                data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                value={campaignId}
                onChange={(v) => {
                  setCampaignId(v);
                  setTopicIds([]);
                }}
                clearable
                comboboxProps={{ withinPortal: true }}
              />
              <TopicTreeSelect campaignId={campaignId} value={topicIds} onChange={setTopicIds} label="Chủ đề" />
            </Stack>
          </Card>
          <Group justify="flex-end" className="lt-sticky-actions">
            <Button component={Link} to="/tai-lieu" variant="default">
              Hủy
            </Button>
            <Button type="submit" leftSection={<IconUpload size={18} />} loading={upload.isPending}>
              Tải lên
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
