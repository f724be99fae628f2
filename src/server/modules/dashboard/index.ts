export { dashboardRoutes } from './dashboard.routes.js';
export { DashboardService, type DashboardDeps, HEADLINE, type ReportsDueSource } from './dashboard.service.js';
