export { anonymise, CONSENT_TEXT, CONSENT_VERSION, ContestPlayService } from './contest-play.service.js';
export { drawQuestions, isCorrect, maskName, maskPhone, normalisePhone, rankAttempts, seededRng, solvePow, verifyPow } from './contest-rules.js';
export { CONTEST_ACTIVITIES_CRON, CONTEST_ACTIVITIES_JOB, contestActivityKey, isContestActivity, syncContestActivities } from './contests.activities.js';
export { ContestResults, DOCX_MIME } from './contests.exports.js';
export { ContestQuestionsTransfer } from './contests.import.js';
export { ContestsRepository } from './contests.repository.js';
export { contestsRoutes } from './contests.routes.js';
export { ContestsService } from './contests.service.js';
export { foldQuestionUsage } from './contests.usage.js';
export { HttpSmsSender, LoggingSmsSender, type SmsSender } from './sms.js';

/** Every minute: submit attempts whose time is up, fold new submissions into the bank's usage statistics, close rounds whose time is up. */
export const CONTEST_TICK_JOB = 'contests.tick';
export const CONTEST_TICK_CRON = '* * * * *';
/** Daily: anonymise personal data of contests past their retention period. */
export const CONTEST_RETENTION_JOB = 'contests.retention';
export const CONTEST_RETENTION_CRON = '30 2 * * *';
