import fc from 'fast-check';
import { dereferencedBundle, operationsOf, schemaErrors } from '../../test/support/contract.ts';
import { errorsOf, negativeArbitraries, validArbitrary, type OpenApiSchema } from './arbitraries.ts';
const doc = await dereferencedBundle();
const t0 = Date.now();
for (const { operation } of operationsOf(doc)) {
  const schema = operation.requestBody?.content['application/json']?.schema as OpenApiSchema | undefined;
  if (!schema) continue;
  const v = fc.sample(validArbitrary(schema), { numRuns: 100, seed: 7 });
  const bad = v.filter((x) => errorsOf(schema, x).length > 0);
  console.log(operation.operationId, 'valid bad:', bad.length, JSON.stringify(v.slice(0, 2)).slice(0, 200));
  for (const [rule, arb] of negativeArbitraries(schema)) {
    const n = fc.sample(arb, { numRuns: 30, seed: 7 });
    const ok = n.filter((x) => x.breaksSchema !== errorsOf(schema, x.value).length > 0);
    console.log('   ', rule, 'mislabeled:', ok.length, JSON.stringify(n[0]).slice(0, 160), errorsOf(schema, n[0]?.value));
  }
}
console.log(Date.now() - t0, 'ms');
