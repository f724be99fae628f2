// Tải tài liệu lên: type, title, description, topics, public or internal, the file (checked by type and size on the server).
import { Anchor, Breadcrumbs, Button, Card, FileInput, Group, Radio, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormErrorSummary, PageHeader } from '../../components/common';
import { createMaterial, type MaterialKind, materialKey, useMaterialCatalogue, type Visibility } from '../../lib/materials';
import { formatFileSize } from '../../lib/plans';
import { MATERIAL_FIELD_LABELS, MaterialFields, useMaterialFields } from './MaterialFields';
import { useLibraryCampaign } from './MaterialsPage';

const LABELS: Record<string, string> = { ...MATERIAL_FIELD_LABELS, kind: 'Loại tài liệu', visibility: 'Phạm vi', file: 'Tệp' };

export default function MaterialNewPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const catalogue = useMaterialCatalogue();
  // The campaign is the active one until the person picks.
  const form = useMaterialFields({}, useLibraryCampaign());
  const [kind, setKind] = useState<MaterialKind | null>(null);
  const [visibility, setVisibility] = useState<Visibility>('internal');
  const [file, setFile] = useState<File | null>(null);
  const { errors } = form;

  const kindInfo = catalogue.data?.kinds.find((k) => k.key === kind);
  const max = catalogue.data?.maxUploadBytes;

  const upload = useMutation({
    mutationFn: () => {
      const { campaignId, topicIds, ...text } = form.values();
      return createMaterial({ kind: kind ?? '', ...text, visibility, campaignId: campaignId ?? '', topicIds: JSON.stringify(topicIds) }, file as File);
    },
    onSuccess: (m) => {
      client.setQueryData(materialKey(m.id), m);
      client.invalidateQueries({ queryKey: ['materials'] });
      notifications.show({ color: 'green', title: 'Đã tải tài liệu lên', message: `«${m.title}» — ${m.visibilityLabel.toLowerCase()}.` });
      navigate(`/tai-lieu/${m.id}`);
    },
    onError: form.showServerErrors,
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!kind) found.kind = 'Hãy chọn loại tài liệu.';
    Object.assign(found, form.check());
    if (!file) found.file = 'Hãy chọn tệp cần tải lên.';
    else if (max && file.size > max) found.file = `Tệp «${file.name}» (${formatFileSize(file.size)}) vượt quá ${formatFileSize(max)} cho phép.`;
    form.setErrors(found);
    if (Object.keys(found).length) return;
    upload.mutate();
  };

  const messages = form.messages(LABELS);
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
              <MaterialFields form={form} part="text" />
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
              <MaterialFields form={form} part="campaign" />
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
