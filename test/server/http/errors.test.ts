// Every error the HTTP layer itself produces answers in the one envelope, and a failure never leaks its cause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer();
  token = (await (await server.clientFor('errors-user')).getTokens()).accessToken ?? '';
});
afterAll(async () => {
  await server?.close();
});

interface ErrorBody {
  success: boolean;
  statusCode: number;
  path: string;
  timestamp: string;
  error: { code: string; message: string; details?: { field?: string }[] };
}

async function send(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { 'x-api-key': server.tenant.apiKey, authorization: `Bearer ${token}`, ...init.headers },
    body: init.body,
  });
  return { response, body: (await response.json()) as ErrorBody };
}

function expectEnvelope(body: ErrorBody, status: number, code: string, path: string): void {
  expect(body).toMatchObject({ success: false, statusCode: status, path, error: { code } });
  expect(typeof body.timestamp).toBe('string');
  expect(typeof body.error.message).toBe('string');
}

describe('the error envelope', () => {
  it('answers 400 BAD_REQUEST naming every invalid field, not only the first', async () => {
    const { response, body } = await send('POST', '/api/v1/teams', {
      body: JSON.stringify({ name: 42, unexpected: true }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expectEnvelope(body, 400, 'BAD_REQUEST', '/api/v1/teams');
    const fields = (body.error.details ?? []).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.enterpriseId', 'body.name']));
    expect(fields.length).toBeGreaterThanOrEqual(3);
  });

  it('answers 400 BAD_REQUEST for malformed JSON', async () => {
    const { response, body } = await send('POST', '/api/v1/workspace', {
      body: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expectEnvelope(body, 400, 'BAD_REQUEST', '/api/v1/workspace');
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('answers 404 NOT_FOUND for an unknown route', async () => {
    const { response, body } = await send('GET', '/api/v1/no-such-thing');
    expect(response.status).toBe(404);
    expectEnvelope(body, 404, 'NOT_FOUND', '/api/v1/no-such-thing');
  });

  it('answers 405 METHOD_NOT_ALLOWED with Allow for a wrong method', async () => {
    const { response, body } = await send('PUT', '/api/v1/workspace');
    expect(response.status).toBe(405);
    expectEnvelope(body, 405, 'METHOD_NOT_ALLOWED', '/api/v1/workspace');
    expect(response.headers.get('allow')).toMatch(/POST/);
  });

  it('answers 413 PAYLOAD_TOO_LARGE above 1 MiB', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1_100_000) });
    const { response, body } = await send('POST', '/api/v1/workspace', { body: big, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
    expectEnvelope(body, 413, 'PAYLOAD_TOO_LARGE', '/api/v1/workspace');
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a body that is not JSON', async () => {
    const { response, body } = await send('POST', '/api/v1/workspace', {
      body: 'name=Acme',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expectEnvelope(body, 415, 'UNSUPPORTED_MEDIA_TYPE', '/api/v1/workspace');
  });

  it('echoes a safe caller request id and replaces an unsafe one', async () => {
    const safe = await send('GET', '/api/v1/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(safe.response.headers.get('x-request-id')).toBe('trace-123');
    const unsafe = await send('GET', '/api/v1/health', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(unsafe.response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('an unexpected failure', () => {
  it('answers 500 INTERNAL_ERROR with a generic message and the request id, logging the cause only', async () => {
    const broken = await startTestServer();
    await broken.deps.db.destroy(); // every query now fails inside the handler
    const response = await fetch(`${broken.baseUrl}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'x-api-key': broken.tenant.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ externalUserId: 'u' }),
    });
    const text = await response.text();
    expect(response.status).toBe(500);
    const body = JSON.parse(text) as ErrorBody;
    expectEnvelope(body, 500, 'INTERNAL_ERROR', '/api/v1/auth/token');
    expect(body.error.message).toBe('Internal server error');
    expect(text).not.toMatch(/select|insert|stack|at \w+ \(|driver|destroyed/i);
    const requestId = response.headers.get('x-request-id');
    expect(broken.logs.some((line) => line.includes(String(requestId)) && line.includes('unexpected error'))).toBe(true);
    await broken.close().catch(() => undefined);
  });
});

describe('logs', () => {
  it('never contain the API key or a bearer token', async () => {
    await send('GET', '/api/v1/health');
    const all = server.logs.join('\n');
    expect(all).not.toContain(server.tenant.apiKey);
    expect(all).not.toContain(token);
  });
});
