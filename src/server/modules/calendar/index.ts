export { CalendarRepository } from './calendar.repository.js';
export { calendarRoutes } from './calendar.routes.js';
export { CALENDAR_TIMEZONE, CalendarService } from './calendar.service.js';
export { escapeText, foldLine, renderIcs } from './ics.js';
export { seedKeyDates } from './key-dates.seed.js';
