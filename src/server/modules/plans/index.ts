export { type CascadeSource, loadCascadeSource, PlanCascade, resolveGroup } from './plans.cascade.js';
export { searchText, searchWords } from './plans.content.js';
export { PlanDistribution } from './plans.distribution.js';
export { isEmptyDoc, responsibilitiesSection, toOfficialDocument } from './plans.document.js';
export { PlansRepository } from './plans.repository.js';
export { plansRoutes } from './plans.routes.js';
export { ATTACHMENT_KINDS, AUTOSAVE_WINDOW_MS, PlansService, refreshPlanSearchText } from './plans.service.js';
export { formatNumber } from './plans.text.js';
