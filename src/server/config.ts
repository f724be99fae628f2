import { z } from 'zod';

const boolish = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().default(''),
  FILES_DIR: z.string().default('./data/files'),
  LANTOA_DEMO: boolish.optional(),
  LANTOA_NOW: z.string().optional(),
  PUBLIC_URL: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  COOKIE_SECURE: boolish.optional(),
  MAX_UPLOAD_MB: z.coerce.number().min(1).default(20),
  TRUST_PROXY: z.string().default(''),
  REMINDER_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  REPORT_CUTOFF_DAY: z.coerce.number().int().min(1).max(28).default(1),
  SMS_GATEWAY_URL: z.string().default(''),
  SMS_GATEWAY_TOKEN: z.string().default(''),
  CONTEST_POW_BITS: z.coerce.number().int().min(0).max(28).default(16),
  CONTEST_POW_SECRET: z.string().default(''),
  CONTEST_RATE_LIMITS: boolish.optional(),
  FANPAGE_GRAPH_URL: z.string().default('https://graph.facebook.com/v19.0'),
  FANPAGE_PAGE_ID: z.string().default(''),
  FANPAGE_ACCESS_TOKEN: z.string().default(''),
});

export type DbConfig =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; url: string; schema?: string };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  db: DbConfig;
  filesDir: string;
  /** Load demo data into an empty database on start. */
  demo: boolean;
  /** Fixed "now" for demos and tests (ISO date or date-time); undefined = real clock. */
  fixedNow?: string;
  publicUrl: string;
  logLevel: string;
  session: { idleMinutes: number; absoluteHours: number };
  login: { maxFailures: number; lockMinutes: number; ratePerMinute: number };
  cookieSecure: boolean;
  maxUploadBytes: number;
  /** Fastify trustProxy: false (default), true, a hop count, or a comma-separated list of proxy addresses. */
  trustProxy: boolean | number | string[];
  /** Remind units this many days before a task or request deadline. */
  reminderDays: number;
  /** Default cut-off day of reporting periods (1 = calendar months; 15 = the state practice 15th–14th). */
  reportCutoffDay: number;
  /** SMS for contest codes: empty gateway URL = the logging sender (development, tests). */
  sms: { gatewayUrl: string; gatewayToken: string };
  /** Online contests: proof-of-work difficulty (leading zero bits), its HMAC secret (empty = random per process), per-IP limits. */
  contest: { powBits: number; powSecret: string; rateLimits: boolean };
  /** "Đăng lên Fanpage": the Graph API adapter is used only when both page id and page token are set (never required). */
  fanpage: { graphUrl: string; pageId: string; accessToken: string };
}

export function parseDatabaseUrl(url: string): DbConfig {
  if (!url) return { engine: 'sqlite', file: './data/lantoa.db' };
  if (url.startsWith('sqlite:')) return { engine: 'sqlite', file: url.slice('sqlite:'.length) || './data/lantoa.db' };
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { engine: 'postgres', url };
  throw new Error(`DATABASE_URL không hợp lệ: "${url}". Dùng sqlite:<đường dẫn> hoặc postgres://…`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Cấu hình môi trường không hợp lệ:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    db: parseDatabaseUrl(e.DATABASE_URL),
    filesDir: e.FILES_DIR,
    demo: e.LANTOA_DEMO ?? !production,
    fixedNow: e.LANTOA_NOW || undefined,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMinutes: e.LOGIN_LOCK_MINUTES, ratePerMinute: e.LOGIN_RATE_PER_MINUTE },
    cookieSecure: e.COOKIE_SECURE ?? production,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    reminderDays: e.REMINDER_DAYS,
    reportCutoffDay: e.REPORT_CUTOFF_DAY,
    sms: { gatewayUrl: e.SMS_GATEWAY_URL, gatewayToken: e.SMS_GATEWAY_TOKEN },
    contest: { powBits: e.CONTEST_POW_BITS, powSecret: e.CONTEST_POW_SECRET, rateLimits: e.CONTEST_RATE_LIMITS ?? true },
    fanpage: { graphUrl: e.FANPAGE_GRAPH_URL.replace(/\/+$/, ''), pageId: e.FANPAGE_PAGE_ID.trim(), accessToken: e.FANPAGE_ACCESS_TOKEN.trim() },
  };
}

function parseTrustProxy(v: string): boolean | number | string[] {
  const t = v.trim();
  if (!t || t === '0' || t === 'false') return false;
  if (t === 'true') return true;
  if (/^\d+$/.test(t)) return Number(t);
  return t.split(',').map((x) => x.trim()).filter(Boolean);
}
