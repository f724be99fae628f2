export * from './materials.catalogue.js';
export { materialsRoutes } from './materials.routes.js';
export { MaterialsService } from './materials.service.js';
export { type PublicPlanItem, PublicPlans } from './public-plans.js';
export { seedMaterialsDemo } from './materials.demo.js';
