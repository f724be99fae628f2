/**
 * The "main topics" of a campaign's topic tree: the columns of the dashboard's coverage grid and the
 * key of the pre-aggregated `activity_cover_stats` (activities.stats.ts). Pure functions of the tree.
 */

export interface TopicNode {
  id: string;
  parent_id: string | null;
}

/**
 * The top-level topics, where a top-level topic whose subtopics have subtopics of their own (a document
 * heading such as "Nghị quyết 57-NQ/TW" over its groups) is replaced by its subtopics — NQ 57 gives QD,
 * MT2030, TN2045, NV, TCTH beside CTR60, GSPB, BDHVS, KNS. Order follows `topics`.
 */
export function mainTopics<T extends TopicNode>(topics: T[]): T[] {
  const children = new Map<string, T[]>();
  for (const t of topics) if (t.parent_id) children.set(t.parent_id, [...(children.get(t.parent_id) ?? []), t]);
  const out: T[] = [];
  for (const t of topics) {
    if (t.parent_id) continue;
    const kids = children.get(t.id) ?? [];
    if (kids.some((k) => children.has(k.id))) out.push(...kids);
    else out.push(t);
  }
  return out;
}

/**
 * Each topic's main topic (itself when it is one). `topics` are the campaign's live (not archived)
 * topics; a topic under an archived one, or above the main level (a document heading), has none.
 */
export function mainTopicMap(topics: TopicNode[]): Map<string, string> {
  const mains = new Set(mainTopics(topics).map((t) => t.id));
  const parent = new Map(topics.map((t) => [t.id, t.parent_id]));
  const out = new Map<string, string>();
  for (const t of topics) {
    let cur: string | null | undefined = t.id;
    for (let i = 0; i < 50 && cur && !mains.has(cur); i++) cur = parent.get(cur);
    if (cur && mains.has(cur)) out.set(t.id, cur);
  }
  return out;
}
