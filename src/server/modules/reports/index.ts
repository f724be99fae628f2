export { canReviewReport, canSeeReport, canWriteReport, reportReviewerUnits } from './reports.policy.js';
export { reportFileName, reportWorkbook, toOfficialDocument as reportDocument } from './reports.export.js';
export { ReportsRepository } from './reports.repository.js';
export { reportsRoutes } from './reports.routes.js';
export {
  type DueItem,
  type DueRequests,
  dueRequests,
  isLate,
  REPORT_REMINDERS_CRON,
  REPORT_REMINDERS_JOB,
  type ReportDetail,
  type ReportFigures,
  ReportsService,
} from './reports.service.js';
