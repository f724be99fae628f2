/**
 * The rules of an online contest as pure functions (docs/decisions.md, "Online contests"): drawing questions
 * with per-topic quotas, scoring, the ranking with its tie-breaks, masking for the public leaderboard,
 * Vietnamese phone numbers, and the self-hosted proof-of-work challenge.
 */
import { createHmac, hash, randomInt, timingSafeEqual } from 'node:crypto';

export interface BankQuestion {
  id: string;
  /** The question's topic and every topic above it (a quota on a group counts its sub-topics). */
  topicPath: readonly string[];
  optionIds: readonly string[];
}

export interface Quota {
  topicId: string;
  count: number;
}

export interface DrawnQuestion {
  id: string;
  /** Option ids in the order this attempt shows them. */
  options: string[];
}

export type Rng = (maxExclusive: number) => number;
export const cryptoRng: Rng = (max) => randomInt(max);

/** A deterministic generator for tests and demo data (mulberry32). */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return (max) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(r * max);
  };
}

export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export class DrawError extends Error {
  constructor(
    readonly topicId: string | null,
    readonly wanted: number,
    readonly available: number,
  ) {
    super(`draw: ${topicId ?? 'total'} wants ${wanted}, has ${available}`);
  }
}

/**
 * Draws `total` distinct questions: first `count` from each quota's topic (its sub-topics included), in the
 * quotas' order, then the rest from whatever is left; the result is shuffled and so is each question's options.
 * Never repeats a question. Throws DrawError when the bank cannot fill a quota or the total.
 */
export function drawQuestions(bank: readonly BankQuestion[], quotas: readonly Quota[], total: number, rng: Rng = cryptoRng): DrawnQuestion[] {
  const used = new Set<string>();
  const picked: BankQuestion[] = [];
  for (const q of quotas) {
    const pool = bank.filter((b) => !used.has(b.id) && b.topicPath.includes(q.topicId));
    if (pool.length < q.count) throw new DrawError(q.topicId, q.count, pool.length);
    for (const b of shuffle(pool, rng).slice(0, q.count)) {
      used.add(b.id);
      picked.push(b);
    }
  }
  const rest = total - picked.length;
  if (rest < 0) throw new DrawError(null, total, picked.length);
  const pool = bank.filter((b) => !used.has(b.id));
  if (pool.length < rest) throw new DrawError(null, total, picked.length + pool.length);
  picked.push(...shuffle(pool, rng).slice(0, rest));
  return shuffle(picked, rng).map((b) => ({ id: b.id, options: shuffle(b.optionIds, rng) }));
}

/** An answer is right when exactly the correct options are chosen (single and multiple choice alike). */
export function isCorrect(chosen: readonly string[], correct: readonly string[]): boolean {
  if (chosen.length !== correct.length) return false;
  const set = new Set(correct);
  return chosen.every((c) => set.has(c));
}

/**
 * Scores an attempt's saved answers against the questions' keys: answers saved after `limitIso` (the deadline plus
 * grace) do not count. Returns the number right and, for the bank's usage statistics, each answered question with
 * whether it was right, also as a mask over `questionIds` (1 right, 0 wrong, - unanswered). `keyOf` gives a
 * question's correct option ids.
 */
export function scoreAnswers(
  answers: readonly { question_id: string; option_ids: string; answered_at: string }[],
  questionIds: readonly string[],
  keyOf: (questionId: string) => readonly string[] | undefined,
  limitIso: string,
): { correct: number; answered: { id: string; ok: boolean }[]; mask: string } {
  const chosen = new Map<string, string[]>();
  for (const x of answers) if (x.answered_at <= limitIso) chosen.set(x.question_id, JSON.parse(x.option_ids) as string[]);
  let correct = 0;
  const answered: { id: string; ok: boolean }[] = [];
  let mask = '';
  for (const id of questionIds) {
    const pick = chosen.get(id);
    if (!pick) {
      mask += '-';
      continue;
    }
    const key = keyOf(id);
    const ok = !!key && isCorrect(pick, key);
    if (ok) correct++;
    answered.push({ id, ok });
    mask += ok ? '1' : '0';
  }
  return { correct, answered, mask };
}

export interface RankedAttempt {
  attemptId: string;
  participantId: string;
  correct: number;
  prediction: number | null;
  timeUsedMs: number;
  submittedAt: string;
}

export interface RankRow extends RankedAttempt {
  rank: number;
  /** |prediction − actual|, null without a prediction or before the actual figure is known. */
  predictionGap: number | null;
}

/**
 * Ranking of a round: each participant's best attempt (by the same order), then most correct answers, then
 * the prediction closest to the actual figure (no prediction ranks after any prediction), then least time
 * used, then earliest submission.
 */
export function rankAttempts(attempts: readonly RankedAttempt[], actual: number | null): RankRow[] {
  const gap = (a: RankedAttempt) => (actual === null || a.prediction === null ? null : Math.abs(a.prediction - actual));
  const cmp = (a: RankedAttempt, b: RankedAttempt) => {
    if (a.correct !== b.correct) return b.correct - a.correct;
    const ga = gap(a);
    const gb = gap(b);
    if (ga !== gb) {
      if (ga === null) return 1;
      if (gb === null) return -1;
      return ga - gb;
    }
    if (a.timeUsedMs !== b.timeUsedMs) return a.timeUsedMs - b.timeUsedMs;
    if (a.submittedAt !== b.submittedAt) return a.submittedAt < b.submittedAt ? -1 : 1;
    return a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0;
  };
  const best = new Map<string, RankedAttempt>();
  for (const a of attempts) {
    const cur = best.get(a.participantId);
    if (!cur || cmp(a, cur) < 0) best.set(a.participantId, a);
  }
  return [...best.values()].sort(cmp).map((a, i) => ({ ...a, rank: i + 1, predictionGap: gap(a) }));
}

/** "Nguyễn Văn An" → "Nguyễn V. A." — the family name and initials only. */
export function maskName(fullName: string): string {
  const parts = fullName.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return parts[0] ? `${parts[0].charAt(0)}.` : '';
  return [parts[0], ...parts.slice(1).map((p) => `${p.charAt(0).toUpperCase()}.`)].join(' ');
}

/** "0905123456" → "0905***456". */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 4)}***${phone.slice(-3)}` : '***';
}

/**
 * A Vietnamese mobile number in the national form 0xxxxxxxxx (10 digits; +84/84 prefixes accepted,
 * spaces, dots and dashes ignored), or null when it is not one.
 */
export function normalisePhone(input: string): string | null {
  let d = input.replace(/[\s.\-()]/g, '');
  if (d.startsWith('+84')) d = `0${d.slice(3)}`;
  else if (/^84\d{9}$/.test(d)) d = `0${d.slice(2)}`;
  return /^0[35789]\d{8}$/.test(d) ? d : null;
}

// ------------------------------------------------------------------ proof of work

export interface PowChallenge {
  /** `<purpose>.<issued ms>.<random>.<hmac>` — stateless, checked with the server secret. */
  challenge: string;
  /** Leading zero bits the SHA-256 of `challenge:nonce` must have. */
  bits: number;
  expiresAt: string;
}

export function issuePow(secret: string, purpose: string, bits: number, now: Date, ttlMs = 10 * 60_000): PowChallenge {
  const body = `${purpose}.${now.getTime()}.${randomInt(2 ** 40).toString(36)}`;
  const mac = createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22);
  return { challenge: `${body}.${mac}`, bits, expiresAt: new Date(now.getTime() + ttlMs).toISOString() };
}

function leadingZeroBits(buf: Buffer): number {
  let n = 0;
  for (const byte of buf) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** The challenge is ours, fresh, for this purpose, and the nonce solves it. */
export function verifyPow(secret: string, purpose: string, bits: number, challenge: string, nonce: string, now: Date, ttlMs = 10 * 60_000): boolean {
  const parts = challenge.split('.');
  if (parts.length !== 4 || parts[0] !== purpose || nonce.length > 64) return false;
  const body = parts.slice(0, 3).join('.');
  const want = Buffer.from(createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22));
  const got = Buffer.from(parts[3]);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return false;
  const issued = Number(parts[1]);
  if (!Number.isFinite(issued) || now.getTime() - issued > ttlMs || issued - now.getTime() > 60_000) return false;
  return leadingZeroBits(hash('sha256', `${challenge}:${nonce}`, 'buffer')) >= bits;
}

/** Solves a challenge (tests, the benchmark; the browser does the same with SubtleCrypto). */
export function solvePow(challenge: string, bits: number): string {
  for (let i = 0; ; i++) {
    const nonce = i.toString(36);
    if (leadingZeroBits(hash('sha256', `${challenge}:${nonce}`, 'buffer')) >= bits) return nonce;
  }
}
