export type { CascadeSource } from './cascade-source.js';
export { occurrencesFor, RECURRENCES, type Recurrence, shortTitle } from './recurrence.js';
export { REMINDERS_CRON, REMINDERS_JOB, type ReminderCounts, RemindersService } from './reminders.service.js';
export { TasksRepository } from './tasks.repository.js';
export { tasksRoutes } from './tasks.routes.js';
export { EVIDENCE_KINDS, TasksService } from './tasks.service.js';
export { CARRY_OVER_JOB, type CarryOverInput, carryOverOpenWork, TaskCarryOver } from './carry-over.js';
