import { describe, expect, it } from 'vitest';
import { type BankQuestion, DrawError, drawQuestions, isCorrect, issuePow, maskName, maskPhone, normalisePhone, rankAttempts, seededRng, solvePow, verifyPow } from './contest-rules.js';

function bank(): BankQuestion[] {
  const out: BankQuestion[] = [];
  const topics: [string, string[]][] = [
    ['QD1', ['QD1', 'QD', 'NQ57']],
    ['QD2', ['QD2', 'QD', 'NQ57']],
    ['MT01', ['MT01', 'MT2030', 'NQ57']],
    ['KNS', ['KNS']],
  ];
  for (const [t, path] of topics) for (let i = 0; i < 6; i++) out.push({ id: `${t}-${i}`, topicPath: path, optionIds: ['a', 'b', 'c', 'd'].map((o) => `${t}-${i}-${o}`) });
  return out;
}

describe('drawing questions', () => {
  it('fills every quota from the topic and its sub-topics, never repeats, and shuffles options', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const drawn = drawQuestions(bank(), [{ topicId: 'QD', count: 5 }, { topicId: 'KNS', count: 2 }], 12, seededRng(seed));
      expect(drawn).toHaveLength(12);
      const ids = drawn.map((d) => d.id);
      expect(new Set(ids).size).toBe(12);
      expect(ids.filter((id) => id.startsWith('QD')).length).toBeGreaterThanOrEqual(5);
      expect(ids.filter((id) => id.startsWith('KNS')).length).toBeGreaterThanOrEqual(2);
      for (const d of drawn) expect([...d.options].sort()).toEqual(['a', 'b', 'c', 'd'].map((o) => `${d.id}-${o}`));
    }
  });

  it('draws differently with different randomness', () => {
    const a = drawQuestions(bank(), [], 10, seededRng(1)).map((d) => d.id);
    const b = drawQuestions(bank(), [], 10, seededRng(2)).map((d) => d.id);
    expect(a).not.toEqual(b);
  });

  it('refuses a quota or a total the bank cannot fill', () => {
    expect(() => drawQuestions(bank(), [{ topicId: 'KNS', count: 7 }], 10)).toThrow(DrawError);
    expect(() => drawQuestions(bank(), [], 25)).toThrow(DrawError);
    expect(() => drawQuestions(bank(), [{ topicId: 'QD', count: 8 }, { topicId: 'MT01', count: 6 }], 10)).toThrow(DrawError);
  });
});

describe('scoring and ranking', () => {
  it('an answer is right only with exactly the correct options', () => {
    expect(isCorrect(['a'], ['a'])).toBe(true);
    expect(isCorrect(['b', 'a'], ['a', 'b'])).toBe(true);
    expect(isCorrect(['a'], ['a', 'b'])).toBe(false);
    expect(isCorrect(['a', 'b', 'c'], ['a', 'b'])).toBe(false);
    expect(isCorrect([], ['a'])).toBe(false);
  });

  it('ranks by correct answers, then closest prediction, then least time, then earliest submission; best attempt per person', () => {
    const base = { prediction: 100, timeUsedMs: 60_000, submittedAt: '2026-11-26T03:00:00.000Z' };
    const rows = rankAttempts(
      [
        { attemptId: 'a1', participantId: 'A', correct: 18, ...base },
        { attemptId: 'b1', participantId: 'B', correct: 19, ...base, prediction: 500 }, // more correct beats a better prediction
        { attemptId: 'c1', participantId: 'C', correct: 18, ...base, prediction: 95 }, // gap 10: after every gap 5
        { attemptId: 'd1', participantId: 'D', correct: 18, ...base, prediction: 110, timeUsedMs: 50_000 }, // gap 5 like A, faster
        { attemptId: 'e1', participantId: 'E', correct: 18, ...base, prediction: 110, timeUsedMs: 50_000, submittedAt: '2026-11-26T02:00:00.000Z' }, // same, earlier
        { attemptId: 'f1', participantId: 'F', correct: 18, ...base, prediction: null, timeUsedMs: 1_000 }, // no prediction: after any prediction
        { attemptId: 'a2', participantId: 'A', correct: 10, ...base }, // A's worse attempt does not count
      ],
      105,
    );
    expect(rows.map((r) => r.participantId)).toEqual(['B', 'E', 'D', 'A', 'C', 'F']);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.find((r) => r.participantId === 'A')!.attemptId).toBe('a1');
    expect(rows.find((r) => r.participantId === 'C')!.predictionGap).toBe(10);
  });
});

describe('personal data on the public board', () => {
  it('masks names and phones', () => {
    expect(maskName('Nguyễn Văn An')).toBe('Nguyễn V. A.');
    expect(maskName('  Lê   Thị Hoa ')).toBe('Lê T. H.');
    expect(maskPhone('0905123456')).toBe('0905***456');
  });

  it('accepts Vietnamese mobile numbers only', () => {
    expect(normalisePhone('0905 123 456')).toBe('0905123456');
    expect(normalisePhone('+84 905.123.456')).toBe('0905123456');
    expect(normalisePhone('84905123456')).toBe('0905123456');
    expect(normalisePhone('0205123456')).toBeNull();
    expect(normalisePhone('090512345')).toBeNull();
    expect(normalisePhone('abc')).toBeNull();
  });
});

describe('proof of work', () => {
  it('verifies a solved, fresh challenge of the right purpose and refuses the rest', () => {
    const now = new Date('2026-11-26T03:00:00Z');
    const c = issuePow('secret', 'register', 8, now);
    const nonce = solvePow(c.challenge, 8);
    expect(verifyPow('secret', 'register', 8, c.challenge, nonce, now)).toBe(true);
    expect(verifyPow('secret', 'start', 8, c.challenge, nonce, now)).toBe(false); // another purpose
    expect(verifyPow('other', 'register', 8, c.challenge, nonce, now)).toBe(false); // not ours
    expect(verifyPow('secret', 'register', 8, c.challenge, nonce, new Date(now.getTime() + 11 * 60_000))).toBe(false); // expired
    const wrong = Array.from({ length: 50 }, (_, i) => `x${i}`).find((n) => !verifyPow('secret', 'register', 8, c.challenge, n, now))!;
    expect(verifyPow('secret', 'register', 8, c.challenge, wrong, now)).toBe(false);
    const tampered = c.challenge.replace(/\.(\d+)\./, (_m, t) => `.${Number(t) + 1}.`);
    expect(verifyPow('secret', 'register', 8, tampered, solvePow(tampered, 8), now)).toBe(false);
  });
});
