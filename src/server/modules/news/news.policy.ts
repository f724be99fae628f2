import type { Scope } from '../access/index.js';
import type { ArticleRow } from './news.repository.js';
import type { ArticleCan, ArticleStatus } from './news.schemas.js';

/** Kinds of unit that work under the committee above them: its leaders approve their news. */
const WORKS_UNDER_PARENT = new Set(['member_organisation', 'residential_committee', 'standing_committee', 'partner']);

/**
 * Who approves (and returns) an article: a **leader** acting for the article's unit itself — or for
 * the committee directly above a member organisation, residential committee or partner, which work
 * under it. A leader of a unit higher up does not approve a ward's news (the ward's own leaders do),
 * and an editor never approves, although the role table gives editors `news.publish` (they put
 * approved articles online). A system administrator acting as admin may too (docs/decisions.md).
 */
export function isApprover(scope: Scope, unitId: string): boolean {
  if (scope.isSystemAdmin && scope.roles.has('admin')) return true;
  if (!scope.roles.has('leader') || !scope.has('news.publish')) return false;
  const acting = scope.actingUnitId;
  if (!acting) return false;
  if (acting === unitId) return true;
  const unit = scope.tree.get(unitId);
  if (unit && WORKS_UNDER_PARENT.has(unit.kind) && scope.tree.parentOn(unitId, scope.today) === acting) return true;
  // A unit that ceased to exist is led by its successors' leaders.
  return !scope.tree.isActiveOn(unitId, scope.today) && scope.can('news.publish', unitId);
}

export function canWrite(scope: Scope, row: Pick<ArticleRow, 'unit_id'>): boolean {
  return scope.can('news.edit', row.unit_id);
}

/** Putting approved content online (now or at a set time) and taking it down: `news.publish` over the unit. */
export function canPublish(scope: Scope, row: Pick<ArticleRow, 'unit_id'>): boolean {
  return scope.can('news.publish', row.unit_id);
}

export function articleCan(scope: Scope, row: Pick<ArticleRow, 'unit_id' | 'status' | 'published_at'>): ArticleCan {
  const write = canWrite(scope, row);
  const approver = isApprover(scope, row.unit_id);
  const publish = canPublish(scope, row);
  const s = row.status as ArticleStatus;
  return {
    edit: ((s === 'draft' || s === 'approved' || s === 'scheduled' || s === 'unpublished') && write) || ((s === 'submitted' || s === 'published') && approver),
    submit: s === 'draft' && write,
    approve: s === 'submitted' && approver,
    returnToDraft: s === 'submitted' && approver,
    publish: (s === 'approved' || s === 'scheduled' || s === 'unpublished') && publish,
    schedule: (s === 'approved' || s === 'scheduled' || s === 'unpublished') && publish,
    unschedule: s === 'scheduled' && publish,
    unpublish: s === 'published' && publish,
    delete: s === 'draft' && !row.published_at && write,
    comment: write || approver || publish,
  };
}
