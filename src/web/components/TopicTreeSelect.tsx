// Multi-select over a campaign's topic tree: checkboxes indented by level, searchable without diacritics.
import { Box, Checkbox, Group, Input, Pill, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useId, useMemo, useState } from 'react';
import { matchesSearch } from '../lib/format';
import { flattenTopics, useTopics } from '../lib/plans';

export function TopicTreeSelect({
  campaignId,
  value,
  onChange,
  label = 'Chủ đề tuyên truyền',
  description,
}: {
  campaignId: string | null;
  value: string[];
  onChange: (ids: string[]) => void;
  label?: string;
  description?: string;
}) {
  const id = useId();
  const topics = useTopics(campaignId);
  const [search, setSearch] = useState('');
  const flat = useMemo(() => flattenTopics(topics.data ?? []), [topics.data]);
  const shown = useMemo(() => {
    if (!search.trim()) return flat;
    // Keep matches and their ancestors.
    const byId = new Map(flat.map((f) => [f.topic.id, f.topic]));
    const keep = new Set<string>();
    for (const f of flat) {
      if (!matchesSearch(search, f.topic.title, f.topic.code)) continue;
      let t: typeof f.topic | undefined = f.topic;
      while (t) {
        keep.add(t.id);
        t = t.parentId ? byId.get(t.parentId) : undefined;
      }
    }
    return flat.filter((f) => keep.has(f.topic.id));
  }, [flat, search]);
  const selected = new Set(value);
  const titleOf = new Map(flat.map((f) => [f.topic.id, f.topic.title]));

  const toggle = (topicId: string, on: boolean) => {
    const next = new Set(value);
    if (on) next.add(topicId);
    else next.delete(topicId);
    onChange([...next]);
  };

  return (
    <Stack gap={4}>
      <Input.Label id={`${id}-label`} size="md">
        {label}
      </Input.Label>
      {description ? <Input.Description size="sm">{description}</Input.Description> : null}
      {!campaignId ? (
        <Text size="sm" c="dimmed">
          Hãy chọn chương trình, chiến dịch để chọn chủ đề.
        </Text>
      ) : topics.isPending ? (
        <Text size="sm" c="dimmed">
          Đang tải cây chủ đề…
        </Text>
      ) : flat.length === 0 ? (
        <Text size="sm" c="dimmed">
          Chương trình này chưa có chủ đề nào.
        </Text>
      ) : (
        <Box style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 8 }} bg="white">
          {value.length > 0 ? (
            <Group gap={4} p={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
              {value.map((v) => (
                <Pill key={v} withRemoveButton onRemove={() => toggle(v, false)} removeButtonProps={{ 'aria-label': `Bỏ chủ đề ${titleOf.get(v) ?? ''}` }}>
                  {titleOf.get(v) ?? 'Chủ đề'}
                </Pill>
              ))}
            </Group>
          ) : null}
          <Box p={6}>
            <TextInput
              size="sm"
              placeholder="Tìm chủ đề"
              aria-label="Tìm chủ đề"
              leftSection={<IconSearch size={16} aria-hidden />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
            />
          </Box>
          <ScrollArea.Autosize mah={260} type="auto">
            <Stack gap={6} p={8} role="group" aria-labelledby={`${id}-label`}>
              {shown.map(({ topic, depth }) => (
                <Checkbox
                  key={topic.id}
                  pl={Math.min(depth, 5) * 20}
                  label={
                    <Text size="sm" span>
                      {topic.code ? (
                        <Text span c="dimmed" size="sm">
                          {topic.code}{' '}
                        </Text>
                      ) : null}
                      {topic.title}
                    </Text>
                  }
                  checked={selected.has(topic.id)}
                  onChange={(e) => toggle(topic.id, e.currentTarget.checked)}
                />
              ))}
              {shown.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Không có chủ đề phù hợp.
                </Text>
              ) : null}
            </Stack>
          </ScrollArea.Autosize>
        </Box>
      )}
    </Stack>
  );
}
