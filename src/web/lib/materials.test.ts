// The materials library's topic filter: topics of every visible campaign, grouped by campaign.
import { describe, expect, it } from 'vitest';
import { topicOptionGroups } from './materials';
import type { Campaign, TopicNode } from './plans';

function campaign(id: string, name: string, status: Campaign['status']): Campaign {
  return { id, unitId: 'u', unitName: 'Đơn vị', code: id, name, description: null, periodStart: null, periodEnd: null, status, version: 1, canEdit: false };
}

function topic(id: string, campaignId: string, code: string, title: string, children: TopicNode[] = []): TopicNode {
  return { id, campaignId, parentId: null, code, title, body: null, sort: 0, archived: false, children };
}

describe('topicOptionGroups', () => {
  const tamKy = campaign('c1', 'Tuyên truyền Nghị quyết 57-NQ/TW năm 2025 trên địa bàn thành phố Tam Kỳ', 'closed');
  const daNang = campaign('c2', 'Tuyên truyền Nghị quyết 57-NQ/TW', 'active');
  const empty = campaign('c3', 'Chương trình chưa có chủ đề', 'active');

  it('offers the topics of every campaign, one group each, active campaigns first, closed ones marked', () => {
    const groups = topicOptionGroups(
      [tamKy, daNang, empty],
      [[topic('t1', 'c1', 'QD', 'Quan điểm chỉ đạo')], [topic('t2', 'c2', 'NV', 'Nhiệm vụ, giải pháp', [topic('t3', 'c2', 'NV1', 'Hoàn thiện thể chế')])], []],
    );
    expect(groups.map((g) => g.group)).toEqual(['Tuyên truyền Nghị quyết 57-NQ/TW', 'Tuyên truyền Nghị quyết 57-NQ/TW năm 2025 trên địa bàn thành phố Tam Kỳ (đã kết thúc)']);
    expect(groups[0].items).toEqual([
      { value: 't2', label: 'NV Nhiệm vụ, giải pháp' },
      { value: 't3', label: '  NV1 Hoàn thiện thể chế' },
    ]);
    expect(groups[1].items).toEqual([{ value: 't1', label: 'QD Quan điểm chỉ đạo' }]);
  });

  it('leaves out campaigns whose topics are not loaded yet or have none', () => {
    expect(topicOptionGroups([tamKy, daNang], [undefined, []])).toEqual([]);
  });
});
