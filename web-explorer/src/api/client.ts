import { clearSession, loadSession } from './session';
import type { ApiErrorBody } from './types';

export const API = '/api/v1';

/** An error answered by the gateway (its code and message), or NETWORK_ERROR when there was no answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly requestId?: string,
    /** The rule the input or the moment broke, where the code covers several (CHECK_IN_TOO_EARLY …). */
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Anything caught while talking to the gateway, as the ApiError the pages show. */
export const asApiError = (err: unknown): ApiError =>
  err instanceof ApiError ? err : new ApiError(0, 'CLIENT_ERROR', err instanceof Error ? err.message : String(err));

export const isErrorBody = (v: unknown): v is ApiErrorBody =>
  typeof v === 'object' && v !== null && 'error' in v && typeof (v as ApiErrorBody).error?.code === 'string';

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: fall through to the status line
  }
  if (isErrorBody(body)) return new ApiError(res.status, body.error.code, body.error.message, body.error.field, body.error.requestId, body.error.rule);
  return new ApiError(res.status, `HTTP_${res.status}`, text.slice(0, 200) || res.statusText);
}

export function authHeaders(): Record<string, string> {
  const session = loadSession();
  return session ? { authorization: `Bearer ${session.token}` } : {};
}

/** Fetches `/api/v1{path}`, sending the session's bearer token; an expired token ends the session. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${API}${path}`, { ...init, headers: { accept: 'application/json', ...authHeaders(), ...init.headers } });
  } catch (err) {
    throw new ApiError(0, 'NETWORK_ERROR', err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    const error = await errorOf(res);
    if (res.status === 401 && loadSession()) clearSession();
    throw error;
  }
  return res;
}

export async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await request(path, init);
  return (await res.json()) as T;
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return getJson<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Query string from the non-empty entries. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
