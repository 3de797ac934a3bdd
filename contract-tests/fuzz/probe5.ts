import fc from 'fast-check';
import { dereferencedBundle, operationsOf } from '../../test/support/contract.ts';
import { errorsOf, rawValid, type OpenApiSchema } from './arbitraries.ts';
const doc = await dereferencedBundle();
for (const { operation } of operationsOf(doc)) {
  const schema = operation.requestBody?.content['application/json']?.schema as OpenApiSchema | undefined;
  if (!schema) continue;
  const vs = fc.sample(rawValid(schema), { numRuns: 200, seed: 5 });
  const errs = vs.map((v) => errorsOf(schema, v));
  const bad = errs.filter((e) => e.length > 0);
  const reasons = new Map<string, number>();
  for (const e of bad) for (const m of new Set(e.map((x) => x.replace(/\d+/g, 'N')))) reasons.set(m, (reasons.get(m) ?? 0) + 1);
  console.log(operation.operationId, 'valid rate', 200 - bad.length, '/200', [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 6));
}
