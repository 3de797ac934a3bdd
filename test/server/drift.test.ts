// The contract and the router agree: every operation has a handler or is on the 501 list, never both, and no
// handler serves an operation the contract does not have.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../server/handlers.ts';
import { NOT_IMPLEMENTED } from '../../server/http/not-implemented.ts';
import { listOperations } from '../../server/http/operations.ts';
import { dereferencedBundle, operationsOf } from '../support/contract.ts';
import { exampleRequest } from '../support/example-request.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('spec ↔ handlers', () => {
  it('serves every operation of the contract with a handler or the 501 list, and nothing else', () => {
    const inSpec = listOperations()
      .map((o) => o.operationId)
      .sort();
    const handled = Object.keys(createHandlers(server.deps));
    const notImplemented: readonly string[] = NOT_IMPLEMENTED;
    expect([...handled, ...notImplemented].sort()).toEqual(inSpec);
    expect(handled.filter((id) => notImplemented.includes(id))).toEqual([]);
  });

  it.skipIf(NOT_IMPLEMENTED.length === 0)(
    'answers 501 NOT_IMPLEMENTED in the envelope to the documented request of each operation on the 501 list',
    async () => {
      const doc = await dereferencedBundle();
      const client = await server.clientFor('drift-user');
      const headers = { 'x-api-key': server.tenant.apiKey, authorization: `Bearer ${client.getTokens().accessToken}` };
      const notImplemented: readonly string[] = NOT_IMPLEMENTED;
      for (const { method, path, operation } of operationsOf(doc).filter((o) => notImplemented.includes(o.operation.operationId))) {
        const request = exampleRequest(server.baseUrl, method, path, operation, headers);
        const response = await fetch(request.url, request.init);
        const body = (await response.json()) as { error?: { code?: string } };
        expect({ id: operation.operationId, status: response.status, code: body.error?.code }).toEqual({
          id: operation.operationId,
          status: 501,
          code: 'NOT_IMPLEMENTED',
        });
      }
    },
  );
});
