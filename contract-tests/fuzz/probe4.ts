import fc from 'fast-check';
import { dereferencedBundle, operationsOf } from '../../test/support/contract.ts';
import { negativeArbitraries, validArbitrary, type OpenApiSchema } from './arbitraries.ts';
const doc = await dereferencedBundle();
const t0 = Date.now();
for (const { operation } of operationsOf(doc)) {
  const schema = operation.requestBody?.content['application/json']?.schema as OpenApiSchema | undefined;
  if (!schema) continue;
  const t = Date.now();
  const v = validArbitrary(schema);
  const t1 = Date.now();
  const n = negativeArbitraries(schema);
  const t2 = Date.now();
  fc.sample(v, { numRuns: 10, seed: 3 });
  for (const a of n.values()) fc.sample(a, { numRuns: 3, seed: 3 });
  console.log(operation.operationId, 'valid build', t1 - t, 'neg build', t2 - t1, 'sample', Date.now() - t2);
}
console.log(Date.now() - t0, 'ms');
