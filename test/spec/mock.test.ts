// The Prism mock that frontend teams code against: started here on an ephemeral port, it must answer every
// operation's documented example request with a response that the contract declares and whose body validates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdlyftClient } from '../../client/index.ts';
import { freePort, type Started, startMock } from '../../scripts/processes.ts';
import { dereferencedBundle, operationsOf, schemaErrors } from '../support/contract.ts';
import { exampleRequest } from '../support/example-request.ts';

let mock: Started;
let baseUrl: string;
beforeAll(async () => {
  const port = await freePort();
  mock = await startMock(port);
  baseUrl = `http://127.0.0.1:${port}`;
}, 60_000);
afterAll(async () => {
  await mock?.stop();
});

const doc = await dereferencedBundle();
const HEADERS = { 'x-api-key': 'ak_mock_key', authorization: 'Bearer mock.access.token' };

describe('the Prism mock', () => {
  it.each(operationsOf(doc).map((o) => [o.operation.operationId, o] as const))(
    'answers the documented example request of %s with a declared, valid response',
    async (_id, { method, path, operation }) => {
      const request = exampleRequest(baseUrl, method, path, operation, HEADERS);
      const response = await fetch(request.url, request.init);
      const declared = operation.responses[String(response.status)];
      const text = await response.text();
      expect(declared, `undeclared status ${response.status}: ${text.slice(0, 300)}`).toBeDefined();
      expect(response.status).toBeLessThan(400);
      const schema = declared?.content?.['application/json']?.schema;
      if (schema) expect(schemaErrors(schema, JSON.parse(text))).toEqual([]);
    },
  );

  it('serves the typed client: issuing tokens returns typed data', async () => {
    const client = createAdlyftClient({ baseUrl, apiKey: 'ak_mock_key' });
    const tokens = await client.signIn('user-42');
    expect(typeof tokens.accessToken).toBe('string');
    const { data, response } = await client.GET('/api/v1/health');
    expect(response.status).toBe(200);
    expect(data?.success).toBe(true);
  });
});
