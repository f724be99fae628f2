export { NotificationsService, type NotifyInput } from './notifications.service.js';
export { notificationsRoutes } from './notifications.routes.js';
