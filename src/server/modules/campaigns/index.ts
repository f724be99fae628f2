export { campaignUnitIds, canManageForms, canSeeCampaignUnit } from './campaigns.policy.js';
export { CampaignsRepository } from './campaigns.repository.js';
export { campaignsRoutes } from './campaigns.routes.js';
export { catalogueForms, nq57Topics, seedCampaignCatalogue } from './campaigns.seed.js';
export { CampaignsService, vnTime } from './campaigns.service.js';
