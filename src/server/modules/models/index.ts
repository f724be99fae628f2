export * from './models.catalogue.js';
export { modelsRoutes } from './models.routes.js';
export { ModelsService, type PublicProfile, paragraphs, splitLines } from './models.service.js';
export { seedModelsDemo } from './models.demo.js';
