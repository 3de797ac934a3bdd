// Small HTTP helpers shared by the fake tests: every call goes over real HTTP to a fake on an ephemeral port.

/**
 * Response bodies are probed ad hoc in assertions (deep paths into Graph / Google JSON); typing each shape would
 * only restate the fakes. One deliberate escape hatch, used only in tests.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Json = any;

/** Fixed "today" so seeded dates, presets and DURING literals are stable across runs. */
export const TODAY = '2026-09-30';

export interface JsonResponse<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export async function request<T = Json>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // HTML pages and empty bodies stay text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** GET `${base}${path}` with query parameters (objects and arrays JSON-encoded, as Graph clients do). */
export function graphGet<T = Json>(
  base: string,
  path: string,
  params: Record<string, unknown> = {},
  init: RequestInit = {},
): Promise<JsonResponse<T>> {
  const url = new URL(base + path);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return request<T>(url.toString(), init);
}

/** POST form-encoded like the Graph SDKs: non-scalars become JSON strings. */
export function graphPostForm<T = Json>(base: string, path: string, params: Record<string, unknown>): Promise<JsonResponse<T>> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return request<T>(base + path, { method: 'POST', body: form });
}

export function graphPostJson<T = Json>(base: string, path: string, body: Record<string, unknown>): Promise<JsonResponse<T>> {
  return request<T>(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Follows Graph `paging.next` links until they stop, collecting every row. */
export async function collectGraphPages<T = Json>(firstUrl: string): Promise<{ rows: T[]; pages: Json[] }> {
  const rows: T[] = [];
  const pages: Json[] = [];
  let next: string | undefined = firstUrl;
  while (next) {
    const res: JsonResponse = await request(next);
    if (res.status !== 200) throw new Error(`page failed: ${res.status} ${JSON.stringify(res.body)}`);
    pages.push(res.body);
    rows.push(...(res.body.data as T[]));
    next = res.body.paging?.next;
  }
  return { rows, pages };
}

export function googlePost<T = Json>(
  url: string,
  token: string | undefined,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  return request<T>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
}
