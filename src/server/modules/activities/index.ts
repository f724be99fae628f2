export { canReview, canSeeActivity, canWrite, reviewerUnits, selfLineage } from './activities.policy.js';
export { ActivitiesRepository } from './activities.repository.js';
export { activitiesRoutes } from './activities.routes.js';
export { ActivitiesService, type Content as ActivityContent } from './activities.service.js';
export { applyToStats, directCoverStats, directStats, rebuildStats, refreshTopicMain, STATS_TABLES, storedStats } from './activities.stats.js';
export { ActivitiesTransfer } from './activities.xlsx.js';
export {
  ActivityFigures,
  type AxisItem,
  defaultAsOf,
  type Dimension,
  type FigureGroup,
  type FiguresQuery,
  type FiguresResult,
  type GroupBy,
  parseGroupBy,
  type UnitGrouping,
} from './figures.js';
export { ATTENDANCE_GROUPS, DERIVED_LABELS, MEASURE_GROUP_LABELS, MEASURES, type MeasureKey, type MeasureTotals, zeroTotals } from './measures.js';
export { type DateRange, PERIOD_KINDS, PERIOD_LABELS, type PeriodKind, periodRange, reportMonthOf, reportMonthRange, splitWholeMonths } from './periods.js';
