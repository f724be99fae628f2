/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is already
 * `Html` (made by `html` or `raw`). Templates never concatenate untrusted strings by hand.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

type Value = Html | string | number | boolean | null | undefined | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Marks a string produced by a trusted, escaping builder (richtext renderer, search highlighter). */
export const raw = (s: string): Html => new Html(s);

/** JSON inside <script type="application/ld+json">: `<` escaped so no "</script>" can close it. */
export function jsonLd(data: unknown): Html {
  return new Html(JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}

/** XML text/attribute escaping (feeds, sitemap). */
export function escapeXml(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 forbids are removed
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
