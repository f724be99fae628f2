export { portalRoutes } from './portal.routes.js';
export { PortalService } from './portal.service.js';
