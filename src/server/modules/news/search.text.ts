import { foldVietnamese } from '../../platform/validation.js';

/**
 * Search text: both engines index the same app-made token stream — Vietnamese folded (tones, marks
 * and đ → d), lower case, every run of characters other than a–z and 0–9 turned into one space. So
 * SQLite's unicode61 tokenizer and PostgreSQL's `simple` parser see the same words, and user input
 * is reduced to bare tokens: FTS operators, quotes, `-`, `*`, `:` never reach the query language.
 */
export function indexText(s: string): string {
  return foldVietnamese(s).replace(/[^a-z0-9]+/g, ' ').trim();
}

export const MAX_QUERY_TOKENS = 12;

/** The words of a user query (at most 12, each at most 64 characters). */
export function queryTokens(q: string): string[] {
  return indexText(q.slice(0, 500))
    .split(' ')
    .filter(Boolean)
    .slice(0, MAX_QUERY_TOKENS)
    .map((t) => t.slice(0, 64));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const charFolds = new Map<string, string>();
/** foldVietnamese of one character, memoised (snippets fold every character of long texts). */
function foldChar(ch: string): string {
  let f = charFolds.get(ch);
  if (f === undefined) {
    f = foldVietnamese(ch);
    if (charFolds.size < 10_000) charFolds.set(ch, f);
  }
  return f;
}

/** The folded text with, for each folded character, the index of the original character it came from. */
function foldWithMap(text: string): { folded: string; map: number[] } {
  const out: string[] = [];
  const map: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      // ASCII (most of a Vietnamese text's letters, spaces and digits): folded without a lookup.
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) out.push(text[i]);
      else if (code >= 65 && code <= 90) out.push(String.fromCharCode(code + 32));
      else out.push(' ');
      map.push(i);
      i += 1;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const f = foldChar(ch);
    for (const c of f) {
      out.push(/[a-z0-9]/.test(c) ? c : ' ');
      map.push(i);
    }
    i += ch.length;
  }
  map.push(n);
  return { folded: out.join(''), map };
}

/**
 * Ranges [start, end) of the original text to mark: the whole phrase wherever it occurs (as one
 * range); when it does not occur, every whole-word occurrence of a query word.
 */
function matchRanges(text: string, tokens: string[]): Array<[number, number, string]> {
  if (!tokens.length || !text) return [];
  const { folded, map } = foldWithMap(text);
  const words: Array<{ w: string; start: number; end: number }> = [];
  const re = /[a-z0-9]+/g;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    const start = map[m.index];
    const endIdx = m.index + m[0].length;
    // The end extends over combining marks that belonged to the last letter.
    let end = endIdx < map.length - 1 ? map[endIdx] : text.length;
    if (end <= start) end = start + 1;
    words.push({ w: m[0], start, end });
  }
  if (tokens.length > 1) {
    const phrases: Array<[number, number, string]> = [];
    const key = tokens.join(' ');
    for (let i = 0; i + tokens.length <= words.length; i++) {
      if (tokens.every((t, k) => words[i + k].w === t)) {
        phrases.push([words[i].start, words[i + tokens.length - 1].end, key]);
        i += tokens.length - 1;
      }
    }
    if (phrases.length) return phrases;
  }
  const wanted = new Set(tokens);
  return words.filter((x) => wanted.has(x.w)).map((x): [number, number, string] => [x.start, x.end, x.w]);
}

/** Escapes `text` and wraps every whole-word occurrence of a token in <mark>. */
export function highlight(text: string, tokens: string[]): string {
  const ranges = matchRanges(text, tokens);
  let out = '';
  let pos = 0;
  for (const [s, e] of ranges) {
    out += esc(text.slice(pos, s)) + '<mark>' + esc(text.slice(s, e)) + '</mark>';
    pos = e;
  }
  return out + esc(text.slice(pos));
}

/**
 * A passage of about `maxLen` characters around the densest group of matches, escaped, with the
 * matches in <mark>; the opening of the text when nothing matches.
 */
export function snippet(text: string, tokens: string[], maxLen = 240): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxLen) return highlight(clean, tokens);
  const ranges = matchRanges(clean, tokens);
  let start = 0;
  if (ranges.length) {
    let best = 0;
    let bestCount = -1;
    for (let i = 0; i < ranges.length; i++) {
      const from = Math.max(0, ranges[i][0] - 60);
      const seen = new Set<string>();
      // The folded words of the matches in the window (the phrase counts as one).
      for (let j = i; j < ranges.length && ranges[j][1] <= from + maxLen; j++) seen.add(ranges[j][2]);
      const count = seen.size;
      if (count > bestCount) {
        bestCount = count;
        best = from;
      }
    }
    start = best;
    if (start > 0) {
      // Begin at a word: the next space within 20 characters.
      const space = clean.indexOf(' ', start);
      if (space >= 0 && space < start + 20) start = space + 1;
    }
  }
  let end = Math.min(clean.length, start + maxLen);
  if (end < clean.length) {
    const space = clean.lastIndexOf(' ', end);
    if (space > start + maxLen / 2) end = space;
  }
  return (start > 0 ? '… ' : '') + highlight(clean.slice(start, end), tokens) + (end < clean.length ? ' …' : '');
}
