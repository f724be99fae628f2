// Start a draft: document type, campaign, subject (or a template); an implementing plan starts from a request.
import { Alert, Anchor, Breadcrumbs, Button, Card, Group, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconFilePlus, IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert, FormErrorSummary, Loading, PageHeader } from '../../components/common';
import { api, isApiError } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { DOC_TYPES, type Plan, type PlanSummary, useCampaigns } from '../../lib/plans';
import type { Paged } from '../../lib/types';
import { useForm } from '../../lib/useForm';
import { required } from '../../lib/validate';

/** Creates the implementing plan for a request, then opens the editor (or the existing plan). */
function FromRequest({ requestId }: { requestId: string }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const started = useRef(false);
  const create = useMutation({
    mutationFn: () => api.post<Plan>('/api/plans', { fromRequestId: requestId }),
    onSuccess: (plan) => {
      client.invalidateQueries({ queryKey: ['requests'] });
      client.invalidateQueries({ queryKey: ['plans'] });
      navigate(`/ke-hoach/${plan.id}/sua`, { replace: true });
    },
    onError: (err) => {
      const planId = isApiError(err, 'request_in_progress') ? (err.details as { planId?: string } | undefined)?.planId : undefined;
      if (planId) navigate(`/ke-hoach/${planId}`, { replace: true });
    },
  });
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    create.mutate();
  }, [create]);
  if (create.error)
    return (
      <Stack>
        <PageHeader title="Xây dựng kế hoạch thực hiện" />
        <ErrorAlert error={create.error} title="Chưa tạo được kế hoạch thực hiện" />
        <Group>
          <Button component={Link} to="/van-ban-den" variant="default">
            Về Văn bản đến
          </Button>
        </Group>
      </Stack>
    );
  return <Loading label="Đang tạo dự thảo kế hoạch thực hiện từ kế hoạch cấp trên…" />;
}

export default function NewPlanPage() {
  const [params] = useSearchParams();
  const requestId = params.get('yeuCau');
  if (requestId) return <FromRequest requestId={requestId} />;
  return <NewPlanForm templateId={params.get('mau')} />;
}

function NewPlanForm({ templateId }: { templateId: string | null }) {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const campaigns = useCampaigns();
  const templates = useQuery({
    queryKey: ['plans', { template: true, pageSize: 200 }],
    queryFn: ({ signal }) => api.get<Paged<PlanSummary>>('/api/plans', { template: true, pageSize: 200 }, signal),
  });
  const form = useForm(
    {
      fromTemplateId: templateId as string | null,
      docType: 'KH' as string | null,
      campaignId: null as string | null,
      subject: '',
    },
    {
      docType: (v, all) => (!all.fromTemplateId && !v ? 'Hãy chọn loại văn bản.' : null),
      subject: (v, all) => (all.fromTemplateId ? null : required('Hãy nhập trích yếu (nội dung chính của kế hoạch).')(v, all)),
    },
  );

  const create = useMutation({
    mutationFn: () => {
      const v = form.values;
      if (v.fromTemplateId)
        return api.post<Plan>('/api/plans', {
          fromTemplateId: v.fromTemplateId,
          ...(v.subject.trim() ? { subject: v.subject.trim() } : {}),
          ...(v.campaignId ? { campaignId: v.campaignId } : {}),
        });
      return api.post<Plan>('/api/plans', {
        docType: v.docType,
        subject: v.subject.trim(),
        ...(v.campaignId ? { campaignId: v.campaignId } : {}),
      });
    },
    onSuccess: (plan) => {
      client.invalidateQueries({ queryKey: ['plans'] });
      navigate(`/ke-hoach/${plan.id}/sua`, { replace: true });
    },
  });

  return (
    <Stack gap="md" maw={760}>
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/ke-hoach">
              Kế hoạch
            </Anchor>
            <Text size="sm" c="dimmed">
              Soạn mới
            </Text>
          </Breadcrumbs>
        }
        title="Soạn kế hoạch"
        description={
          me.actingUnit ? (
            <>
              Dự thảo của <b>{me.actingUnit.name}</b>. Sau khi tạo, bạn soạn tiếp các phần; nội dung được lưu nháp tự động.
            </>
          ) : undefined
        }
      />
      <Card>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (form.validate()) create.mutate();
          }}
        >
          <Stack gap="md">
            <FormErrorSummary messages={form.summary} serverError={create.error} />
            <Select
              label="Tạo từ mẫu"
              description="Không bắt buộc. Nội dung của mẫu được chép sang dự thảo mới."
              placeholder={templates.data?.items.length === 0 ? 'Chưa có mẫu nào' : 'Không dùng mẫu'}
              data={(templates.data?.items ?? []).map((t) => ({ value: t.id, label: t.subject }))}
              clearable
              searchable
              nothingFoundMessage="Không có mẫu phù hợp"
              comboboxProps={{ withinPortal: true }}
              {...form.field('fromTemplateId')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label="Loại văn bản"
                data={DOC_TYPES.map((d) => ({ value: d.value, label: d.label }))}
                allowDeselect={false}
                disabled={!!form.values.fromTemplateId}
                required={!form.values.fromTemplateId}
                comboboxProps={{ withinPortal: true }}
                {...form.field('docType')}
              />
              <Select
                label="Chương trình, chiến dịch"
                description="Để gắn chủ đề tuyên truyền và theo dõi chỉ tiêu"
                placeholder={campaigns.data?.length === 0 ? 'Chưa có chương trình nào' : 'Chọn chương trình'}
                data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                clearable
                searchable
                comboboxProps={{ withinPortal: true }}
                {...form.field('campaignId')}
              />
            </SimpleGrid>
            <Textarea
              label="Trích yếu"
              description={
                form.values.fromTemplateId
                  ? 'Để trống thì dùng trích yếu của mẫu.'
                  : 'Ví dụ: Tuyên truyền Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị…'
              }
              autosize
              minRows={2}
              required={!form.values.fromTemplateId}
              {...form.text('subject')}
            />
            <Alert variant="light" color="frontBlue" icon={<IconInfoCircle aria-hidden />}>
              Kế hoạch thực hiện kế hoạch của cấp trên nên bắt đầu từ yêu cầu trong{' '}
              <Anchor component={Link} to="/van-ban-den">
                Văn bản đến
              </Anchor>{' '}
              để được điền sẵn căn cứ, nội dung và nhiệm vụ.
            </Alert>
            <Group justify="flex-end" className="lt-sticky-actions">
              <Button variant="default" component={Link} to="/ke-hoach">
                Hủy
              </Button>
              <Button type="submit" loading={create.isPending} leftSection={<IconFilePlus size={18} />}>
                Tạo dự thảo
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
