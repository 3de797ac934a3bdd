import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('POST /api/v1/auth/token', () => {
  it('issues an access and a refresh token for a new user of the tenant', async () => {
    const client = server.anonymousClient();
    const { data, response } = await client.POST('/api/v1/auth/token', { body: { externalUserId: 'user-1' } });
    expect(response.status).toBe(201);
    expect(data?.data.tokenType).toBe('Bearer');
    expect(data?.data.expiresIn).toBe(3600);
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers 401 UNAUTHORIZED without an API key', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ externalUserId: 'user-1' }),
    });
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' }, statusCode: 401, path: '/api/v1/auth/token' });
  });

  it('answers 400 naming the field when externalUserId is missing', async () => {
    const client = server.anonymousClient();
    const { error, response } = await client.POST('/api/v1/auth/token', { body: {} as never });
    expect(response.status).toBe(400);
    expect(error?.error.details?.[0]?.field).toBe('body.externalUserId');
  });
});
