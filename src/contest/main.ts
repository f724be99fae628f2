/**
 * Contest client for /cuoc-thi/<slug> — framework-free so the attempt page stays a few KB on slow phones.
 * Flow: register (or ask for a login code) → enter the SMS code → start/resume the attempt (each choice is
 * saved at once, retried on network errors) → submit → result with explanations; "Dữ liệu của tôi".
 * The session token and the running attempt id are kept in localStorage, so a reload resumes.
 */
import { solvePow } from './sha256';

interface Ward {
  id: string;
  name: string;
  organisations: Array<{ id: string; name: string }>;
}
interface Boot {
  slug: string;
  title: string;
  status: 'draft' | 'open' | 'closed';
  currentRoundId: string | null;
  consentText: string;
  wards: Ward[];
  questionsPerAttempt: number;
  timeLimitMinutes: number;
}
interface Question {
  id: string;
  no: number;
  kind: 'single' | 'multiple';
  text: string;
  options: Array<{ id: string; text: string }>;
  chosen: string[];
}
interface Attempt {
  id: string;
  roundNo: number;
  attemptNo: number;
  deadlineAt: string;
  serverNow: string;
  status: 'in_progress' | 'submitted';
  autoSubmitted: boolean;
  predictionQuestion: string;
  prediction: number | null;
  questions: Question[];
  result: null | {
    correct: number;
    total: number;
    timeUsedSeconds: number;
    review: Array<{ questionId: string; chosenOptionIds: string[]; correctOptionIds: string[]; isCorrect: boolean; explanation: string | null }>;
  };
}
/** What submitting answers: the attempt without its questions, with its result. */
type Submitted = Omit<Attempt, 'questions' | 'result'> & { result: NonNullable<Attempt['result']> };
interface Me {
  fullName: string;
  birthDate: string;
  gender: string;
  phone: string;
  unitId: string;
  unitName: string;
  orgUnitId: string | null;
  orgUnitName: string | null;
  consentAt: string;
  referralCode: string;
  referralCount: number;
}
type Detail = { field?: string; message?: string };

const root = document.getElementById('tham-gia') as HTMLElement;
const boot = JSON.parse((document.getElementById('ct-boot') as HTMLElement).textContent || '{}') as Boot;
const API = `/api/public/contests/${encodeURIComponent(boot.slug)}`;
const KEY = `lantoa.contest.${boot.slug}`;

// ------------------------------------------------------------------ storage

interface Store {
  token?: string;
  attemptId?: string;
  phone?: string;
}
function load(): Store {
  try {
    return JSON.parse(localStorage.getItem(KEY) || '{}') as Store;
  } catch {
    return {};
  }
}
function save(patch: Partial<Store>) {
  const next = { ...load(), ...patch };
  for (const k of Object.keys(next) as (keyof Store)[]) if (next[k] === undefined) delete next[k];
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    /* private mode: the session lasts as long as the page */
  }
  mem = next;
}
let mem: Store = load();

// ------------------------------------------------------------------ API

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Detail[] = [],
  ) {
    super(message);
  }
}
const NETWORK = 'Không kết nối được máy chủ. Hãy kiểm tra kết nối mạng rồi thử lại.';

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (mem.token) headers.authorization = `Bearer ${mem.token}`;
  let res: Response;
  try {
    res = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', NETWORK);
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!res.ok) {
    const e = data?.error;
    if (res.status === 401 && mem.token) {
      save({ token: undefined, attemptId: undefined });
      throw new ApiError(401, 'session', 'Phiên dự thi đã hết hạn. Hãy nhận mã đăng nhập mới.');
    }
    if (res.status === 429) throw new ApiError(429, 'rate', e?.message || 'Bạn thao tác quá nhanh. Hãy thử lại sau ít phút.');
    throw new ApiError(res.status, e?.code ?? 'error', e?.message ?? (res.status >= 500 ? 'Máy chủ đang bận. Hãy thử lại sau ít phút.' : 'Yêu cầu không hợp lệ.'), Array.isArray(e?.details) ? (e.details as Detail[]) : []);
  }
  return data as T;
}
const retriable = (e: unknown) => e instanceof ApiError && (e.status === 0 || e.status >= 500);

type Purpose = 'register' | 'login' | 'start';
const solved = new Map<Purpose, { at: number; p: Promise<{ challenge: string; nonce: string }> }>();
async function solve(purpose: Purpose) {
  const c = await api<{ challenge: string; bits: number }>('GET', `/pow?purpose=${purpose}`);
  return { challenge: c.challenge, nonce: await solvePow(c.challenge, c.bits) };
}
/** Starts solving a challenge in the background while the person fills in the form (slow phones). */
function prepare(purpose: Purpose) {
  const p = solve(purpose);
  p.catch(() => solved.delete(purpose));
  solved.set(purpose, { at: Date.now(), p });
}
/** A solved challenge: the one prepared earlier if still fresh (they last 10 minutes), else a new one. Used once. */
async function pow(purpose: Purpose) {
  const ready = solved.get(purpose);
  solved.delete(purpose);
  if (ready && Date.now() - ready.at < 8 * 60_000) {
    try {
      return await ready.p;
    } catch {
      /* fall through to a fresh one */
    }
  }
  return solve(purpose);
}

// ------------------------------------------------------------------ DOM helpers

type Child = Node | string | null | undefined | false;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}
function show(title: string, ...nodes: Child[]) {
  stopTimer();
  root.replaceChildren(h('h2', { tabindex: '-1' }, title), ...nodes.filter((n): n is Node | string => !!n));
  const r = root.getBoundingClientRect();
  if (started && (r.top < 0 || r.top > innerHeight)) root.scrollIntoView();
  if (started) (root.firstChild as HTMLElement).focus({ preventScroll: true });
  started = true;
}
let started = false;
const alertBox = (msg: string, ok = false) => h('p', { class: ok ? 'ct-ok' : 'ct-alert', role: ok ? 'status' : 'alert' }, msg);
const btn = (label: string, onclick: (e: Event) => void, cls = 'ct-btn', type = 'button') => h('button', { type, class: cls, onclick }, label);
const two = (n: number) => String(n).padStart(2, '0');
const placeName = (name: string) => {
  const short = name.replace(/^Ủy ban (MTTQ|Mặt trận Tổ quốc) Việt Nam\s+/u, '');
  return short.charAt(0).toUpperCase() + short.slice(1);
};
const isoToVn = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
function vnDateTime(iso: string) {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}
function vnToIso(s: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(s);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}
/** 372 → "6 phút 12 giây". */
const duration = (sec: number) => {
  const s = Math.round(sec);
  return s < 60 ? `${s} giây` : `${Math.floor(s / 60)} phút${s % 60 ? ` ${s % 60} giây` : ''}`;
};
const mmss = (sec: number) => `${two(Math.floor(sec / 60))}:${two(Math.floor(sec % 60))}`;
function confirmBox(text: string, yes: string, no: string): Promise<boolean> {
  return new Promise((done) => {
    const close = (v: boolean) => {
      wrap.remove();
      done(v);
    };
    const yesBtn = btn(yes, () => close(true));
    const wrap = h('div', { class: 'ct-modal', role: 'dialog', 'aria-modal': 'true', 'aria-label': yes }, h('div', {}, h('p', {}, text), h('div', { class: 'ct-actions' }, yesBtn, btn(no, () => close(false), 'ct-btn sec'))));
    document.body.append(wrap);
    yesBtn.focus();
  });
}

// ------------------------------------------------------------------ forms

interface Field {
  name: string;
  wrap: HTMLElement;
  input: HTMLInputElement | HTMLSelectElement | null;
  err: HTMLElement;
}
function field(name: string, label: string, input: HTMLInputElement | HTMLSelectElement, help?: string): Field {
  input.id = `ct-${name}`;
  input.name = name;
  const err = h('p', { class: 'ct-err', id: `ct-${name}-err` });
  const helpEl = help ? h('p', { class: 'ct-help', id: `ct-${name}-help` }, help) : null;
  input.setAttribute('aria-describedby', `${help ? `ct-${name}-help ` : ''}ct-${name}-err`);
  return { name, input, err, wrap: h('div', { class: 'ct-f' }, h('label', { for: input.id }, label), helpEl, input, err) };
}
function clearErrors(fields: Field[], box: HTMLElement) {
  box.replaceChildren();
  for (const f of fields) {
    f.err.textContent = '';
    f.input?.removeAttribute('aria-invalid');
  }
}
/** Shows `msg` under the field; returns false so checks read `ok = setError(…)`. */
function setError(f: Field, msg: string): false {
  f.err.textContent = msg;
  f.input?.setAttribute('aria-invalid', 'true');
  return false;
}
/** Puts the API's Vietnamese message under the field it names, or in the form's alert box. */
function showApiError(e: unknown, fields: Field[], box: HTMLElement) {
  const err = e instanceof ApiError ? e : new ApiError(0, 'network', NETWORK);
  let placed = false;
  err.details.forEach((d, i) => {
    const name = (d.field ?? '').split('.')[0];
    const f = fields.find((x) => x.name === name);
    if (f) {
      setError(f, i === 0 ? err.message : `${d.message ?? 'không hợp lệ'}`);
      if (!placed) f.input?.focus();
      placed = true;
    }
  });
  if (!placed && err.code === 'phone_registered') {
    const f = fields.find((x) => x.name === 'phone');
    if (f) {
      setError(f, err.message);
      placed = true;
    }
  }
  if (!placed) box.replaceChildren(alertBox(err.message));
}

const GENDERS: Array<[string, string]> = [
  ['female', 'Nữ'],
  ['male', 'Nam'],
  ['other', 'Khác'],
];

/** Personal-data fields shared by registration and "Sửa thông tin". */
function personFields(init?: Partial<Me>) {
  const name = field('fullName', 'Họ và tên', h('input', { type: 'text', autocomplete: 'name', maxlength: '100', required: true }), 'Ghi đầy đủ, có dấu, như trên giấy tờ tùy thân.');
  const birth = field('birthDate', 'Ngày sinh', h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'bday', placeholder: 'dd/mm/yyyy', maxlength: '10', required: true }), 'Nhập theo dạng ngày/tháng/năm, ví dụ 05/09/1990.');
  const genderErr = h('p', { class: 'ct-err', id: 'ct-gender-err' });
  const genderSet = h(
    'fieldset',
    { class: 'ct-radios', 'aria-describedby': 'ct-gender-err' },
    h('legend', {}, 'Giới tính'),
    ...GENDERS.map(([v, l]) => h('label', {}, h('input', { type: 'radio', name: 'gender', value: v, checked: init?.gender === v }), l)),
    genderErr,
  );
  const gender: Field = { name: 'gender', wrap: genderSet, input: null, err: genderErr };
  const wardSel = h('select', { required: true }, h('option', { value: '' }, '— Chọn phường/xã —'), ...boot.wards.map((w) => h('option', { value: w.id, selected: init?.unitId === w.id }, w.name)));
  const ward = field('unitId', 'Phường/xã nơi cư trú', wardSel, 'Nơi bạn đang sinh sống, học tập hoặc làm việc.');
  const orgSel = h('select', {});
  const org = field('orgUnitId', 'Tổ chức thành viên (không bắt buộc)', orgSel, 'Nếu bạn là hội viên, đoàn viên, hãy chọn tổ chức để cộng điểm cho tập thể.');
  const fillOrgs = (selected?: string | null) => {
    const w = boot.wards.find((x) => x.id === wardSel.value);
    orgSel.replaceChildren(h('option', { value: '' }, '— Không chọn —'), ...(w?.organisations ?? []).map((o) => h('option', { value: o.id, selected: selected === o.id }, o.name)));
    org.wrap.hidden = !w || w.organisations.length === 0;
  };
  wardSel.addEventListener('change', () => fillOrgs());
  fillOrgs(init?.orgUnitId);
  if (init?.fullName) (name.input as HTMLInputElement).value = init.fullName;
  if (init?.birthDate) (birth.input as HTMLInputElement).value = isoToVn(init.birthDate);
  const fields = [name, birth, gender, ward, org];
  /** Values checked on the device first; null (with errors shown) when something is missing. */
  const read = () => {
    const v = {
      fullName: (name.input as HTMLInputElement).value.trim(),
      birthDate: vnToIso((birth.input as HTMLInputElement).value),
      gender: (genderSet.querySelector('input:checked') as HTMLInputElement | null)?.value ?? '',
      unitId: wardSel.value,
      orgUnitId: orgSel.value || null,
    };
    let ok = true;
    if (v.fullName.length < 3) ok = setError(name, 'Hãy nhập họ và tên đầy đủ.');
    if (!v.birthDate) ok = setError(birth, 'Ngày sinh chưa đúng dạng dd/mm/yyyy.');
    if (!v.gender) ok = setError(gender, 'Hãy chọn giới tính.');
    if (!v.unitId) ok = setError(ward, 'Hãy chọn phường/xã.');
    return ok ? (v as typeof v & { birthDate: string }) : null;
  };
  return { fields, read };
}

// ------------------------------------------------------------------ registration, login, code

function registerView(notice?: string) {
  const p = personFields();
  const phone = field('phone', 'Số điện thoại di động', h('input', { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: '20', required: true }), 'Mã xác nhận gồm 6 chữ số sẽ được gửi qua tin nhắn SMS tới số này.');
  const consent = h('input', { type: 'checkbox', id: 'ct-consent', name: 'consent' });
  const consentErr = h('p', { class: 'ct-err', id: 'ct-consent-err' });
  const consentField: Field = { name: 'consent', wrap: h('div', {}), input: consent, err: consentErr };
  const fields = [...p.fields, phone, consentField];
  const box = h('div', {});
  const submit = h('button', { type: 'submit', class: 'ct-btn' }, 'Đăng ký và nhận mã');
  const form = h(
    'form',
    { novalidate: true },
    h('p', { class: 'ct-help' }, 'Điền thông tin để đăng ký dự thi. Các trường đều bắt buộc, trừ tổ chức thành viên.'),
    box,
    ...p.fields.map((f) => f.wrap),
    phone.wrap,
    h('label', { class: 'ct-consent', for: 'ct-consent' }, consent, h('span', {}, boot.consentText)),
    consentErr,
    h('div', { class: 'ct-sticky-act ct-actions' }, submit),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(fields, box);
    const v = p.read();
    const phoneVal = (phone.input as HTMLInputElement).value.trim();
    let ok = !!v;
    if (!/^[\d\s.+()-]{9,20}$/.test(phoneVal)) ok = setError(phone, 'Hãy nhập số điện thoại di động, ví dụ 0912 345 678.');
    if (!consent.checked) ok = setError(consentField, 'Bạn cần đánh dấu đồng ý để đăng ký dự thi.');
    if (!ok || !v) {
      (form.querySelector('[aria-invalid=true]') as HTMLElement | null)?.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Đang gửi…';
    try {
      const ref = new URLSearchParams(location.search).get('ref');
      const sent = await api<{ phoneMasked: string }>('POST', '/register', { ...v, phone: phoneVal, consent: true, ref: ref || null, pow: await pow('register') });
      save({ phone: phoneVal });
      codeView(phoneVal, sent.phoneMasked);
    } catch (e) {
      showApiError(e, fields, box);
      submit.disabled = false;
      submit.textContent = 'Đăng ký và nhận mã';
    }
  });
  prepare('register');
  show(
    'Đăng ký dự thi',
    notice ? alertBox(notice, true) : null,
    form,
    h('p', {}, btn('Đã đăng ký? Nhận mã đăng nhập', () => loginView(), 'ct-link')),
  );
}

function loginView(message?: string) {
  const phone = field('phone', 'Số điện thoại đã đăng ký', h('input', { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: '20', required: true }), 'Chúng tôi gửi mã đăng nhập gồm 6 chữ số qua SMS.');
  (phone.input as HTMLInputElement).value = mem.phone ?? '';
  const box = h('div', {}, message ? alertBox(message) : null);
  const submit = h('button', { type: 'submit', class: 'ct-btn' }, 'Gửi mã đăng nhập');
  const form = h('form', { novalidate: true }, box, phone.wrap, h('div', { class: 'ct-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors([phone], box);
    const v = (phone.input as HTMLInputElement).value.trim();
    if (!/^[\d\s.+()-]{9,20}$/.test(v)) return setError(phone, 'Hãy nhập số điện thoại di động, ví dụ 0912 345 678.');
    submit.disabled = true;
    submit.textContent = 'Đang gửi…';
    try {
      const sent = await api<{ phoneMasked: string }>('POST', '/login-code', { phone: v, pow: await pow('login') });
      save({ phone: v });
      codeView(v, sent.phoneMasked);
    } catch (e) {
      showApiError(e, [phone], box);
      submit.disabled = false;
      submit.textContent = 'Gửi mã đăng nhập';
    }
  });
  show('Nhận mã đăng nhập', form, h('p', {}, btn('Chưa đăng ký? Đăng ký dự thi', () => registerView(), 'ct-link')));
}

function codeView(phone: string, masked: string) {
  const code = field('code', 'Mã xác nhận', h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', pattern: '[0-9]*', required: true }), `Mã gồm 6 chữ số vừa gửi tới số ${masked}, có hiệu lực trong ít phút.`);
  const box = h('div', {});
  const submit = h('button', { type: 'submit', class: 'ct-btn' }, 'Xác nhận');
  const form = h('form', { novalidate: true }, box, code.wrap, h('div', { class: 'ct-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors([code], box);
    const v = (code.input as HTMLInputElement).value.replace(/\s/g, '');
    if (!/^\d{6}$/.test(v)) return setError(code, 'Mã gồm 6 chữ số.');
    submit.disabled = true;
    try {
      const t = await api<{ token: string }>('POST', '/verify', { phone, code: v });
      save({ token: t.token, attemptId: undefined });
      await homeView();
    } catch (e) {
      showApiError(e, [code], box);
      submit.disabled = false;
    }
  });
  show('Nhập mã xác nhận', form, h('p', { class: 'ct-actions' }, btn('Gửi lại mã', () => loginView(), 'ct-link'), btn('Đổi số điện thoại', () => registerView(), 'ct-link')));
  code.input?.focus();
}

// ------------------------------------------------------------------ home

async function homeView(notice?: string) {
  let me: Me;
  let last: Attempt | null = null;
  try {
    me = await api<Me>('GET', '/me');
    if (mem.attemptId) {
      last = await api<Attempt>('GET', `/attempts/${encodeURIComponent(mem.attemptId)}`).catch(() => null);
      if (last?.status === 'in_progress') return attemptView(last);
    }
  } catch (e) {
    if (e instanceof ApiError && e.code === 'session') return loginView(e.message);
    return show('Tham gia dự thi', alertBox((e as Error).message), btn('Thử lại', () => homeView()));
  }
  const box = h('div', {}, notice ? alertBox(notice, true) : null);
  const startBtn = btn('Bắt đầu làm bài', async () => {
    box.replaceChildren();
    startBtn.disabled = true;
    startBtn.textContent = 'Đang chuẩn bị đề thi…';
    try {
      const a = await api<Attempt>('POST', '/attempts', { pow: await pow('start') });
      save({ attemptId: a.id });
      attemptView(a);
    } catch (e) {
      box.replaceChildren(alertBox((e as Error).message));
      startBtn.disabled = false;
      startBtn.textContent = 'Bắt đầu làm bài';
    }
  });
  const open = boot.status === 'open' && !!boot.currentRoundId;
  if (open) prepare('start');
  show(
    `Xin chào, ${me.fullName}`,
    h('p', { class: 'ct-muted' }, `${placeName(me.unitName)}${me.orgUnitName ? ` · ${me.orgUnitName}` : ''}`),
    box,
    last?.result ? h('p', {}, `Lượt thi gần nhất (tuần ${last.roundNo}, lượt ${last.attemptNo}): đúng ${last.result.correct}/${last.result.total} câu. `, btn('Xem lại đáp án', () => resultView(last as Attempt), 'ct-link')) : null,
    open
      ? h('p', {}, `Mỗi lượt gồm ${boot.questionsPerAttempt} câu hỏi và 1 câu dự đoán, làm trong ${boot.timeLimitMinutes} phút. Đồng hồ bắt đầu tính khi bạn bấm «Bắt đầu làm bài». Mỗi lựa chọn được lưu ngay.`)
      : h('p', {}, boot.status === 'closed' ? 'Cuộc thi đã kết thúc.' : 'Hiện không có tuần thi nào đang mở. Hãy xem lịch các tuần thi bên dưới.'),
    h('div', { class: 'ct-actions' }, open ? startBtn : null, btn('Dữ liệu của tôi', () => meView(), 'ct-btn sec'), btn(
        'Đăng xuất',
        () => {
          save({ token: undefined, attemptId: undefined });
          loginView();
        },
        'ct-link',
      )),
  );
}

// ------------------------------------------------------------------ attempt

let timer = 0;
function stopTimer() {
  if (timer) clearInterval(timer);
  timer = 0;
}

function attemptView(a: Attempt) {
  const offset = Date.parse(a.serverNow) - Date.now(); // server clock minus device clock
  const deadline = Date.parse(a.deadlineAt);
  const left = () => Math.max(0, (deadline - (Date.now() + offset)) / 1000);
  const chosen = new Map(a.questions.map((q) => [q.id, q.chosen]));
  const pending = new Map<string, () => Promise<unknown>>();
  const running = new Set<string>();
  let finished = false;

  const clock = h('span', { class: 'ct-clock', role: 'timer', 'aria-label': 'Thời gian còn lại' }, mmss(left()));
  const count = h('span', {});
  const answered = () => [...chosen.values()].filter((c) => c.length).length;
  const refresh = () => {
    count.textContent = `Đã trả lời ${answered()}/${a.questions.length}`;
  };
  refresh();

  /** Sends the latest value of `key`; network and server errors are retried with growing pauses. */
  async function flush(key: string, status: HTMLElement) {
    if (running.has(key)) return;
    running.add(key);
    let wait = 1000;
    while (pending.has(key) && !finished) {
      const send = pending.get(key) as () => Promise<unknown>;
      pending.delete(key);
      status.className = 'ct-save';
      status.textContent = 'Đang lưu…';
      try {
        await send();
        wait = 1000;
        if (!pending.has(key)) {
          status.className = 'ct-save ok';
          status.textContent = '✓ Đã lưu';
        }
      } catch (e) {
        if (retriable(e)) {
          if (!pending.has(key)) pending.set(key, send);
          status.className = 'ct-save bad';
          status.textContent = 'Chưa lưu được do mất kết nối — đang thử lại…';
          await new Promise((r) => setTimeout(r, wait));
          wait = Math.min(wait * 2, 15000);
        } else if (e instanceof ApiError && e.status === 409) {
          running.delete(key);
          return finish(false);
        } else {
          status.className = 'ct-save bad';
          status.textContent = (e as Error).message;
        }
      }
    }
    running.delete(key);
  }
  const base = `/attempts/${encodeURIComponent(a.id)}`;

  const qNodes = a.questions.map((q) => {
    const status = h('p', { class: 'ct-save', 'aria-live': 'polite' }, q.chosen.length ? '✓ Đã lưu' : '');
    if (q.chosen.length) status.className = 'ct-save ok';
    const set = h(
      'fieldset',
      { class: 'ct-q', id: `cau-${q.no}` },
      h('legend', {}, `Câu ${q.no}. ${q.text}`),
      q.kind === 'multiple' ? h('p', { class: 'ct-help' }, 'Chọn tất cả các đáp án đúng.') : null,
      ...q.options.map((o) =>
        h('label', { class: 'ct-opt' }, h('input', { type: q.kind === 'multiple' ? 'checkbox' : 'radio', name: `q-${q.id}`, value: o.id, checked: q.chosen.includes(o.id) }), h('span', {}, o.text)),
      ),
      status,
    );
    set.addEventListener('change', () => {
      const ids = [...set.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
      chosen.set(q.id, ids);
      refresh();
      pending.set(q.id, () => api('PUT', `${base}/answers/${encodeURIComponent(q.id)}`, { optionIds: ids }));
      void flush(q.id, status);
    });
    return set;
  });

  const predStatus = h('p', { class: 'ct-save', 'aria-live': 'polite' });
  const pred = h('input', { type: 'number', inputmode: 'numeric', min: '0', step: '1', id: 'ct-prediction', value: a.prediction === null ? '' : String(a.prediction) });
  const predValue = () => {
    const n = Number.parseInt(pred.value, 10);
    return Number.isFinite(n) && n >= 0 ? n : null;
  };
  let predTimer = 0;
  pred.addEventListener('input', () => {
    clearTimeout(predTimer);
    predTimer = window.setTimeout(() => {
      const v = predValue();
      pending.set('prediction', () => api('PUT', `${base}/prediction`, { prediction: v }));
      void flush('prediction', predStatus);
    }, 700);
  });
  const predSet = h(
    'fieldset',
    { class: 'ct-q' },
    h('legend', {}, `Câu dự đoán. ${a.predictionQuestion}`),
    h('div', { class: 'ct-f' }, h('label', { for: 'ct-prediction' }, 'Số người bạn dự đoán'), pred, h('p', { class: 'ct-help' }, 'Dùng để xếp hạng khi bằng số câu đúng.')),
    predStatus,
  );

  async function submitNow(auto: boolean) {
    if (finished) return;
    clearTimeout(predTimer);
    // Let the saves in flight finish (a few seconds at most).
    for (let i = 0; i < 30 && (pending.size || running.size); i++) await new Promise((r) => setTimeout(r, 200));
    try {
      // The answer carries the result only: the questions' text and options are the ones on this page, the
      // chosen options those the server recorded.
      const r = await api<Submitted>('POST', `${base}/submit`, { prediction: predValue() });
      finished = true;
      const chosen = new Map(r.result.review.map((x) => [x.questionId, x.chosenOptionIds]));
      resultView({ ...a, ...r, questions: a.questions.map((q) => ({ ...q, chosen: chosen.get(q.id) ?? [] })) }, auto || r.autoSubmitted);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) return finish(auto);
      if (retriable(e) && auto) {
        await new Promise((r) => setTimeout(r, 3000));
        return submitNow(auto);
      }
      box.replaceChildren(alertBox((e as Error).message));
      submitBtn.disabled = false;
    }
  }
  /** The server has closed the attempt (time up or submitted elsewhere): show what it recorded. */
  async function finish(auto: boolean) {
    finished = true;
    stopTimer();
    for (let i = 0; ; i++) {
      try {
        return resultView(await api<Attempt>('GET', base), auto);
      } catch (e) {
        if (!retriable(e) || i > 20) return show('Bài thi đã nộp', alertBox((e as Error).message), btn('Về trang dự thi', () => homeView()));
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
  }

  const box = h('div', {});
  const submitBtn = btn('Nộp bài', async () => {
    const missing = a.questions.length - answered();
    const ok = await confirmBox(
      `Bạn đã trả lời ${answered()}/${a.questions.length} câu${missing ? `, còn ${missing} câu chưa trả lời` : ''}. Sau khi nộp, bài thi không sửa được nữa. Nộp bài?`,
      'Nộp bài',
      'Làm tiếp',
    );
    if (!ok) return;
    submitBtn.disabled = true;
    submitBtn.textContent = 'Đang nộp…';
    await submitNow(false);
  });

  show(
    `Tuần thi thứ ${a.roundNo} — lượt ${a.attemptNo}`,
    h('div', { class: 'ct-bar' }, h('span', {}, 'Còn lại ', clock), count),
    h('p', { class: 'ct-help' }, 'Mỗi lựa chọn được lưu ngay lên máy chủ. Nếu mất mạng hoặc tải lại trang, bài làm vẫn được giữ; đồng hồ tính theo giờ máy chủ.'),
    box,
    ...qNodes,
    predSet,
    h('div', { class: 'ct-sticky-act ct-actions' }, submitBtn),
  );
  const tick = () => {
    const s = left();
    clock.textContent = mmss(s);
    clock.classList.toggle('low', s < 60);
    if (s <= 0 && !finished) {
      stopTimer();
      show('Hết thời gian làm bài', h('p', { role: 'status' }, 'Đã hết thời gian. Bài thi đang được nộp tự động với các câu trả lời đã lưu…'));
      void submitNow(true);
    }
  };
  timer = window.setInterval(tick, 1000);
}

// ------------------------------------------------------------------ result

function resultView(a: Attempt, auto = a.autoSubmitted) {
  const r = a.result;
  if (!r) return homeView();
  const review = new Map(r.review.map((x) => [x.questionId, x]));
  show(
    'Kết quả bài thi',
    auto ? alertBox('Bài thi đã được tự động nộp khi hết giờ, với các câu trả lời đã lưu.', true) : alertBox('Bạn đã nộp bài thành công.', true),
    h('p', { class: 'ct-score', 'data-testid': 'ct-score' }, `Số câu đúng: ${r.correct}/${r.total}`),
    h('p', {}, `Tuần thi thứ ${a.roundNo}, lượt ${a.attemptNo} · thời gian làm bài ${duration(r.timeUsedSeconds)} · dự đoán: ${a.prediction ?? 'không trả lời'}`),
    h('div', { class: 'ct-actions' }, boot.currentRoundId ? btn('Thi lượt mới', () => homeView()) : null, btn('Dữ liệu của tôi', () => meView(), 'ct-btn sec')),
    h('h3', { style: 'margin-top:18px' }, 'Đáp án và giải thích'),
    ...a.questions.map((q) => {
      const rv = review.get(q.id);
      return h(
        'div',
        { class: 'ct-q' },
        h('p', {}, h('strong', {}, `Câu ${q.no}. `), q.text, ' ', h('span', { class: rv?.isCorrect ? 'ct-badge open' : 'ct-badge bad' }, rv?.isCorrect ? 'Đúng' : 'Chưa đúng')),
        ...q.options.map((o) => {
          const right = rv?.correctOptionIds.includes(o.id);
          const mine = q.chosen.includes(o.id);
          return h('div', { class: `ct-opt ${right ? 'right' : mine ? 'wrong' : ''}` }, h('span', { 'aria-hidden': 'true' }, right ? '✓' : mine ? '✗' : '•'), h('span', {}, o.text, right ? ' — đáp án đúng' : '', mine ? ' (bạn chọn)' : ''));
        }),
        rv?.explanation ? h('p', { class: 'ct-expl' }, h('strong', {}, 'Giải thích: '), rv.explanation) : null,
      );
    }),
  );
}

// ------------------------------------------------------------------ my data

async function meView(notice?: string) {
  let me: Me;
  try {
    me = await api<Me>('GET', '/me');
  } catch (e) {
    if (e instanceof ApiError && e.code === 'session') return loginView(e.message);
    return show('Dữ liệu của tôi', alertBox((e as Error).message), btn('Quay lại', () => homeView()));
  }
  const genderLabel = GENDERS.find(([v]) => v === me.gender)?.[1] ?? me.gender;
  const share = `${location.origin}${location.pathname}?ref=${encodeURIComponent(me.referralCode)}`;
  const rows: Array<[string, string]> = [
    ['Họ và tên', me.fullName],
    ['Ngày sinh', isoToVn(me.birthDate)],
    ['Giới tính', genderLabel],
    ['Số điện thoại', me.phone],
    ['Phường/xã', placeName(me.unitName)],
    ['Tổ chức thành viên', me.orgUnitName ?? 'Không chọn'],
    ['Đồng ý xử lý dữ liệu lúc', vnDateTime(me.consentAt)],
    ['Người đăng ký qua bạn', String(me.referralCount)],
  ];
  const box = h('div', {}, notice ? alertBox(notice, true) : null);
  show(
    'Dữ liệu của tôi',
    box,
    h('dl', { class: 'ct-dl' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('p', {}, 'Đường dẫn chia sẻ cuộc thi của bạn: ', h('a', { href: share }, share)),
    h(
      'div',
      { class: 'ct-actions' },
      btn('Sửa thông tin', () => editView(me)),
      btn('Quay lại', () => homeView(), 'ct-btn sec'),
      btn(
        'Xóa dữ liệu và rút lại sự đồng ý',
        async () => {
          const ok = await confirmBox('Xóa toàn bộ dữ liệu cá nhân của bạn trong cuộc thi này? Kết quả các lượt thi sẽ được ẩn danh và bạn không thể đăng nhập bằng số điện thoại này nữa.', 'Xóa dữ liệu', 'Hủy');
          if (!ok) return;
          try {
            await api('DELETE', '/me');
            save({ token: undefined, attemptId: undefined, phone: undefined });
            registerView('Dữ liệu cá nhân của bạn đã được xóa và sự đồng ý đã được rút lại.');
          } catch (e) {
            box.replaceChildren(alertBox((e as Error).message));
          }
        },
        'ct-link',
      ),
    ),
  );
}

function editView(me: Me) {
  const p = personFields(me);
  const box = h('div', {});
  const submit = h('button', { type: 'submit', class: 'ct-btn' }, 'Lưu thay đổi');
  const form = h('form', { novalidate: true }, box, ...p.fields.map((f) => f.wrap), h('div', { class: 'ct-sticky-act ct-actions' }, submit, btn('Hủy', () => meView(), 'ct-btn sec')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(p.fields, box);
    const v = p.read();
    if (!v) return;
    submit.disabled = true;
    try {
      await api('PATCH', '/me', v);
      await meView('Đã lưu thông tin của bạn.');
    } catch (e) {
      showApiError(e, p.fields, box);
      submit.disabled = false;
    }
  });
  show('Sửa thông tin cá nhân', form);
}

// ------------------------------------------------------------------ start

if (mem.token) void homeView();
else if (boot.status !== 'open') show('Tham gia dự thi', h('p', {}, 'Cuộc thi đã kết thúc, không nhận đăng ký mới. Người đã đăng ký có thể đăng nhập để xem dữ liệu của mình.'), btn('Nhận mã đăng nhập', () => loginView(), 'ct-link'));
else registerView();
