// Thin fetch wrapper for the Lan Tỏa API: JSON in/out, session cookie, CSRF header, typed errors.
import type { Me } from './types';

export const APP_BASE = '/app';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Remember the CSRF token of the latest `Me` (login, /auth/me, acting-unit switch). */
export function rememberMe(me: Me | null): void {
  csrfToken = me?.csrfToken ?? null;
}

/** Called when a request answers 401 (session ended). Defaults to a full redirect to the sign-in page. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  unauthorizedHandler = fn;
}

function handleUnauthorized(): void {
  if (unauthorizedHandler) {
    unauthorizedHandler();
    return;
  }
  if (!window.location.pathname.startsWith(`${APP_BASE}/dang-nhap`)) {
    window.location.assign(`${APP_BASE}/dang-nhap`);
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Do not run the global 401 handler (sign-in, /auth/me probes). */
  allowUnauthenticated?: boolean;
  signal?: AbortSignal;
}

const NETWORK_MESSAGE = 'Không kết nối được máy chủ. Hãy kiểm tra kết nối mạng rồi thử lại.';

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', NETWORK_MESSAGE);
  }

  if (response.status === 204) return undefined as T;

  const text = await response.text();
  let data: unknown;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const apiError = new ApiError(
      response.status,
      err?.code ?? `http_${response.status}`,
      err?.message ?? defaultMessage(response.status),
      err?.details,
    );
    if (response.status === 401 && !options.allowUnauthenticated) {
      csrfToken = null;
      handleUnauthorized();
    }
    throw apiError;
  }
  return data as T;
}

function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return 'Phiên làm việc đã hết. Hãy đăng nhập lại.';
    case 403:
      return 'Bạn không có quyền thực hiện việc này.';
    case 404:
      return 'Không tìm thấy dữ liệu. Có thể nó đã bị xóa hoặc đường dẫn chưa đúng.';
    case 409:
      return 'Dữ liệu đã được người khác thay đổi. Hãy tải lại trang rồi thử lại.';
    case 413:
      return 'Tệp quá lớn. Hãy chọn tệp nhỏ hơn.';
    case 429:
      return 'Bạn thao tác quá nhanh. Hãy đợi một lát rồi thử lại.';
    default:
      return status >= 500
        ? 'Máy chủ đang gặp sự cố. Hãy thử lại sau ít phút.'
        : 'Yêu cầu không thực hiện được. Hãy kiểm tra lại thông tin.';
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) =>
    request<T>(path, { method: 'POST', body: body ?? {}, query }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  del: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
  upload: <T>(path: string, file: File, query?: Query) => {
    const form = new FormData();
    form.append('file', file);
    return request<T>(path, { method: 'POST', body: form, query });
  },
};

/** Vietnamese message for any error thrown by a query or mutation. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return 'Đã có lỗi xảy ra. Hãy tải lại trang rồi thử lại.';
  return 'Đã có lỗi xảy ra. Hãy thử lại.';
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}
