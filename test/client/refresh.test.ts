// The typed client against a real server: it refreshes an expired access token once, shares one refresh among
// concurrent calls, replays the original request (body included), and gives up when the refresh fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdlyftClient } from '../../client/index.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let clock = Date.parse('2026-12-05T10:00:00Z');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ now: () => new Date(clock) });
});
afterAll(async () => {
  await server?.close();
});

function countingClient() {
  const calls: string[] = [];
  const client = createAdlyftClient({
    baseUrl: server.baseUrl,
    apiKey: server.tenant.apiKey,
    fetch: (input, init) => {
      calls.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
      return fetch(input, init);
    },
  });
  return { client, calls };
}

describe('createAdlyftClient', () => {
  it('refreshes an expired access token once and replays the call with its body', async () => {
    const { client, calls } = countingClient();
    await client.signIn('refresh-user');
    clock += 2 * 3600_000; // the access token (1 h) has expired, the refresh token (1 day) has not
    const { data, response } = await client.POST('/api/v1/workspace', { body: { name: 'Replayed workspace' } });
    expect(response.status).toBe(201);
    expect(data?.data.name).toBe('Replayed workspace');
    expect(calls.filter((p) => p === '/api/v1/auth/refresh-token')).toHaveLength(1);
  });

  it('shares one refresh among concurrent calls', async () => {
    const { client, calls } = countingClient();
    await client.signIn('concurrent-user');
    clock += 2 * 3600_000;
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => client.POST('/api/v1/workspace', { body: { name: `Workspace ${i}` } })),
    );
    expect(results.map((r) => r.response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(calls.filter((p) => p === '/api/v1/auth/refresh-token')).toHaveLength(1);
  });

  it('returns the 401 when the refresh token has expired too', async () => {
    const { client } = countingClient();
    await client.signIn('expired-user');
    clock += 2 * 86_400_000;
    const { error, response } = await client.POST('/api/v1/workspace', { body: { name: 'Never created' } });
    expect(response.status).toBe(401);
    expect(error?.error.code).toBe('TOKEN_EXPIRED');
  });

  it('sends no bearer token to the token endpoint', async () => {
    const client = createAdlyftClient({ baseUrl: server.baseUrl, apiKey: server.tenant.apiKey, accessToken: 'stale' });
    const { response } = await client.POST('/api/v1/auth/token', { body: { externalUserId: 'fresh-user' } });
    expect(response.status).toBe(201);
  });
});
