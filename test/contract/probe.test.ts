import { it } from 'vitest';
import { startTestServer } from '../support/test-server.ts';
it('probe', async () => {
  const s = await startTestServer();
  const go = async (label: string, init: RequestInit & { path: string }) => {
    const r = await fetch(s.baseUrl + init.path, init);
    console.log(label, r.status, r.headers.get('x-request-id'), (await r.text()).slice(0, 400));
  };
  const H = { 'x-api-key': s.tenant.apiKey, 'content-type': 'application/json' };
  await go('nul', { path: '/api/v1/auth/token', method: 'POST', headers: H, body: JSON.stringify({ externalUserId: 'a\u0000b' }) });
  await go('type', { path: '/api/v1/auth/token', method: 'POST', headers: H, body: JSON.stringify({ externalUserId: 5 }) });
  await go('arr', { path: '/api/v1/auth/token', method: 'POST', headers: H, body: JSON.stringify([]) });
  await go('null', { path: '/api/v1/auth/token', method: 'POST', headers: H, body: 'null' });
  await go('str', { path: '/api/v1/auth/token', method: 'POST', headers: H, body: '"x"' });
  await go('long', { path: '/api/v1/auth/token', method: 'POST', headers: H, body: JSON.stringify({ externalUserId: 'x'.repeat(256) }) });
  await go('astral', { path: '/api/v1/auth/token', method: 'POST', headers: H, body: JSON.stringify({ externalUserId: '\u{1F600}'.repeat(200) }) });
  await go('lone', { path: '/api/v1/auth/token', method: 'POST', headers: H, body: '{"externalUserId":"\\ud800"}' });
  await go('health q', { path: '/api/v1/health?x=1', method: 'GET', headers: H });
  await go('ws 501', { path: '/api/v1/workspace', method: 'POST', headers: H, body: JSON.stringify({ name: 'x' }) });
  await go('refresh none', { path: '/api/v1/auth/refresh-token', method: 'GET', headers: H });
  await s.close();
  console.log(s.logs.filter(l => /error/.test(l)).join('\n').slice(0, 3000));
});
