// The fields a material shares between the upload page and the edit dialog: title, description, campaign and topics,
// their state, their checks and the server's per-field answers.
import { Select, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { TopicTreeSelect } from '../../components/TopicTreeSelect';
import { ApiError } from '../../lib/api';
import { useCampaigns } from '../../lib/plans';

/** How the error summary names each shared field. */
export const MATERIAL_FIELD_LABELS: Record<string, string> = { title: 'Tên tài liệu', description: 'Mô tả', campaignId: 'Chương trình, chiến dịch', topicIds: 'Chủ đề' };

const TITLE_MAX = 300;
const DESCRIPTION_MAX = 5000;

export interface MaterialFieldsInitial {
  title?: string;
  description?: string;
  /** undefined: not chosen yet, `defaultCampaign` applies until the person picks (null: no campaign). */
  campaignId?: string | null;
  topicIds?: string[];
}

/** State of the shared fields; `errors` holds every field's message, the page's own fields included. */
export function useMaterialFields(initial: MaterialFieldsInitial = {}, defaultCampaign: string | null = null) {
  const [title, setTitleValue] = useState(initial.title ?? '');
  const [description, setDescription] = useState(initial.description ?? '');
  const [pickedCampaign, setPickedCampaign] = useState<string | null | undefined>(initial.campaignId);
  const campaignId = pickedCampaign === undefined ? defaultCampaign : pickedCampaign;
  const [topicIds, setTopicIds] = useState<string[]>(initial.topicIds ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});

  return {
    title,
    description,
    campaignId,
    topicIds,
    errors,
    setErrors,
    setDescription,
    setTopicIds,
    /** The title's message goes as soon as it is being corrected. */
    setTitle: (value: string) => {
      setTitleValue(value);
      setErrors(({ title: _, ...rest }) => rest);
    },
    /** Topics belong to a campaign: another campaign starts with none. */
    setCampaignId: (value: string | null) => {
      setPickedCampaign(value);
      setTopicIds([]);
    },
    /** Messages for the shared fields, by field; empty when they may be sent. */
    check: (): Record<string, string> => {
      const found: Record<string, string> = {};
      const t = title.trim();
      const d = description.trim();
      if (!t) found.title = 'Hãy đặt tên tài liệu.';
      else if (t.length > TITLE_MAX) found.title = `Tên tài liệu dài quá 300 ký tự (hiện ${t.length}).`;
      if (d.length > DESCRIPTION_MAX) found.description = `Mô tả dài quá 5.000 ký tự (hiện ${d.length}).`;
      return found;
    },
    /** What the server receives for the shared fields. */
    values: () => ({ title: title.trim(), description: description.trim(), campaignId, topicIds: campaignId ? topicIds : [] }),
    /** Puts the server's per-field messages (validation details) next to the fields. */
    showServerErrors: (err: unknown) => {
      if (!(err instanceof ApiError) || !Array.isArray(err.details)) return;
      const byField: Record<string, string> = {};
      for (const d of err.details as { field?: string; message?: string }[]) if (d.field) byField[d.field.split('.')[0]] = d.message ?? 'không hợp lệ';
      setErrors(byField);
    },
    /** Lines of the error summary, each naming its field. */
    messages: (labels: Record<string, string> = MATERIAL_FIELD_LABELS) => Object.entries(errors).map(([k, m]) => `${labels[k] ?? k}: ${m}`),
  };
}

export type MaterialFieldsState = ReturnType<typeof useMaterialFields>;

/**
 * The shared fields. `part` splits them where a page sets other fields between them (the upload page puts title and
 * description with the type and file, campaign and topics on a card of their own).
 */
export function MaterialFields({ form, part = 'all', autoFocus = false }: { form: MaterialFieldsState; part?: 'all' | 'text' | 'campaign'; autoFocus?: boolean }) {
  const campaigns = useCampaigns();
  return (
    <>
      {part !== 'campaign' ? (
        <>
          <TextInput label="Tên tài liệu" required value={form.title} onChange={(e) => form.setTitle(e.currentTarget.value)} error={form.errors.title} maxLength={TITLE_MAX} data-autofocus={autoFocus || undefined} />
          <Textarea label="Mô tả" autosize minRows={3} maxRows={12} value={form.description} onChange={(e) => form.setDescription(e.currentTarget.value)} error={form.errors.description} maxLength={DESCRIPTION_MAX} />
        </>
      ) : null}
      {part !== 'text' ? (
        <>
          <Select
            label="Chương trình, chiến dịch"
            placeholder="Không gắn chương trình"
            data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={form.campaignId}
            onChange={form.setCampaignId}
            error={form.errors.campaignId}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <TopicTreeSelect campaignId={form.campaignId} value={form.topicIds} onChange={form.setTopicIds} label="Chủ đề" />
          {form.errors.topicIds ? (
            <Text c="red.8" size="sm">
              {form.errors.topicIds}
            </Text>
          ) : null}
        </>
      ) : null}
    </>
  );
}
