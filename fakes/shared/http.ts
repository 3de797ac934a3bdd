// The request pipeline both fakes share, on bare node:http: control routes (`/__…`, never counted) → call log →
// fault injection → the platform's router. Handlers return plain `FakeResponse` values instead of writing to the
// socket, which keeps them small and lets the pipeline add headers (usage, request ids) in one place.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallLog } from './calls.ts';
import type { ActiveFault, FaultController } from './faults.ts';

export type BodyKind = 'none' | 'json' | 'form' | 'multipart' | 'text';

export interface FakeRequest {
  method: string;
  url: URL;
  /** Decoded pathname, version segment included. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  bodyKind: BodyKind;
  /** Object bodies only (JSON object, urlencoded or multipart fields); `{}` otherwise. */
  body: Record<string, unknown>;
  /** Set when the body claimed to be JSON but did not parse. */
  bodyError?: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON (compact, or indented when `pretty`). */
  json?: unknown;
  /** Sent as-is (HTML error pages, empty bodies). */
  text?: string;
  pretty?: boolean;
}

export type Handler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface Platform<E> {
  /** Routes everything that is not a control route. */
  route: Handler;
  /** Control routes by exact path (e.g. `/__oauth`), besides the shared `/__faults` and `/__calls`. */
  controls: Record<string, Handler>;
  faults: FaultController<E>;
  calls: CallLog;
  /** Turns a fault's `error` / `rateLimit` into the platform's error response. */
  faultResponse(fault: ActiveFault<E>, req: FakeRequest): FakeResponse;
  /** Expires whatever token the request carries (for `expireToken` faults). */
  expireTokenOf(req: FakeRequest): void;
  /** Answer for an exception thrown by a handler (a bug in the fake, reported in the platform's 500 shape). */
  internalError(err: unknown, req: FakeRequest): FakeResponse;
  /** Parses JSON fault specs from `/__faults`. */
  parseFault(body: unknown): Parameters<FaultController<E>['add']>[0];
  /** JSON view of a fault for `GET /__faults`. */
  faultJson(fault: ActiveFault<E>): unknown;
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Real clients send form-encoded, multipart (`curl -F`, the SDKs) or JSON bodies; all become one flat object. */
async function parseBody(raw: Buffer, contentType: string): Promise<Pick<FakeRequest, 'bodyKind' | 'body' | 'bodyError'>> {
  if (raw.length === 0) return { bodyKind: 'none', body: {} };
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      const body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
      return { bodyKind: 'json', body };
    } catch (err) {
      return { bodyKind: 'json', body: {}, bodyError: (err as Error).message };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { bodyKind: 'form', body: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
  }
  if (type === 'multipart/form-data') {
    // The platform's fetch Request already implements multipart parsing; reuse it rather than hand-roll one.
    const form = await new Request('http://fake.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(raw),
    }).formData();
    const body: Record<string, unknown> = {};
    for (const [key, value] of form.entries()) body[key] = typeof value === 'string' ? value : `[file ${value.name}]`;
    return { bodyKind: 'multipart', body };
  }
  return { bodyKind: 'text', body: {} };
}

function send(res: ServerResponse, response: FakeResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload = '';
  if (response.json !== undefined) {
    payload = response.pretty ? `${JSON.stringify(response.json, null, 2)}\n` : JSON.stringify(response.json);
    headers['content-type'] ??= 'application/json; charset=UTF-8';
  } else if (response.text !== undefined) {
    payload = response.text;
    headers['content-type'] ??= 'text/html; charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function controlRoutes<E>(platform: Platform<E>): Handler {
  return (req) => {
    const { path, method } = req;
    if (path === '/__faults' && method === 'GET') {
      return { status: 200, json: { faults: platform.faults.list().map((f) => platform.faultJson(f)) } };
    }
    if (path === '/__faults' && method === 'POST') {
      try {
        const id = platform.faults.add(platform.parseFault(req.body));
        return { status: 201, json: { id } };
      } catch (err) {
        return { status: 400, json: { error: (err as Error).message } };
      }
    }
    if (path === '/__faults' && method === 'DELETE') {
      platform.faults.reset();
      return { status: 200, json: { ok: true } };
    }
    const one = /^\/__faults\/([^/]+)$/.exec(path);
    if (one && method === 'DELETE') {
      const removed = platform.faults.remove(one[1] ?? '');
      return { status: removed ? 200 : 404, json: { ok: removed } };
    }
    if (path === '/__calls' && method === 'GET') {
      const pattern = req.query.get('path') ?? undefined;
      const verb = req.query.get('method') ?? undefined;
      return {
        status: 200,
        json: { count: platform.calls.count(pattern, verb), calls: platform.calls.list(pattern, verb) },
      };
    }
    if (path === '/__calls' && method === 'DELETE') {
      platform.calls.reset();
      return { status: 200, json: { ok: true } };
    }
    const handler = platform.controls[path];
    if (handler) return handler(req);
    return { status: 404, json: { error: `unknown control route ${method} ${path}` } };
  };
}

export async function startHttpServer<E>(platform: Platform<E>, options: { host?: string; port?: number }): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const controls = controlRoutes(platform);

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', `http://${host}`);
    const parsed = await parseBody(raw, String(req.headers['content-type'] ?? ''));
    let path = url.pathname;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      // keep the raw pathname; the router answers 404-style errors for it
    }
    const fakeReq: FakeRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      url,
      path,
      query: url.searchParams,
      headers: req.headers,
      rawBody: raw.toString('utf8'),
      ...parsed,
    };

    let response: FakeResponse;
    try {
      if (path.startsWith('/__')) {
        response = await controls(fakeReq);
      } else {
        platform.calls.record({ method: fakeReq.method, path, query: url.search.slice(1), at: Date.now() });
        const fault = platform.faults.take(fakeReq.method, path);
        if (fault?.latencyMs) await sleep(fault.latencyMs);
        if (fault?.drop) {
          req.socket.destroy();
          return;
        }
        if (fault?.expireToken) platform.expireTokenOf(fakeReq);
        if (fault && (fault.error !== undefined || fault.rateLimit)) {
          response = platform.faultResponse(fault, fakeReq);
        } else {
          response = await platform.route(fakeReq);
        }
      }
    } catch (err) {
      response = platform.internalError(err, fakeReq);
    }
    if (!res.destroyed) send(res, response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets from fetch would otherwise hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
