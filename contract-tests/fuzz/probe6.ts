import { dereferencedBundle, operationsOf } from '../../test/support/contract.ts';
import { planOperation } from './requests.ts';
const doc = await dereferencedBundle();
for (const entry of operationsOf(doc)) {
  const t = Date.now();
  try { const p = planOperation(entry, { emptyQueryValueIsAbsent: true }); console.log(entry.operation.operationId, p.families.map((f) => f.name).join(' '), Date.now() - t, 'ms'); }
  catch (e) { console.log(entry.operation.operationId, 'ERROR', (e as Error).stack?.split('\n').slice(0, 8).join('\n')); }
}
