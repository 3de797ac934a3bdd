// Dredd hooks for a real deployment (the local server, or staging through `npm run test:contract`).
// Dredd sends each operation's documented example request once per documented status. These hooks build
// real state first (users, a workspace, a team, …) and then, per transaction, point the request at real ids
// and make the documented status actually happen: a missing token for 401, an outsider for 403, an unknown id
// for 404, a duplicate for 409. A status that a healthy deployment cannot honestly produce is skipped, with
// the reason printed at the end.
const hooks = require('hooks');
const { randomUUID } = require('node:crypto');
const plans = require('./plans.cjs');
const { createContext } = require('./context.cjs');

const BASE = process.env.ADLYFT_BASE_URL;
const API_KEY = process.env.ADLYFT_API_KEY;
const bundle = require('../../generated/openapi.json');

const operations = new Map();
for (const [path, item] of Object.entries(bundle.paths)) {
  for (const [method, operation] of Object.entries(item)) operations.set(`${method.toUpperCase()} ${path}`, operation);
}

const skipped = [];
let ctx;

hooks.beforeAll((_transactions, done) => {
  createContext(BASE, API_KEY)
    .then((context) => {
      ctx = context;
      done();
    })
    .catch((error) => {
      console.error(`contract hooks: could not build the test state: ${error.stack || error}`);
      process.exit(1);
    });
});

hooks.beforeEach((transaction, done) => {
  const operation = operations.get(`${transaction.request.method} ${transaction.origin.resourceName}`);
  if (!operation) {
    transaction.fail = `no operation for ${transaction.request.method} ${transaction.origin.resourceName}`;
    return done();
  }
  const status = Number(transaction.expected.statusCode);
  const t = plans.wrap(transaction, operation, ctx);
  const needsConnection = ['Meta', 'Google'].includes((operation.tags || [])[0]);
  const plan =
    needsConnection && !ctx.meta
      ? 'no platform connection: ADLYFT_CONTRACT_CONNECT=off (a deployment without the sandbox fakes needs a person at the consent screen)'
      : plans.planFor(operation, status);
  if (typeof plan === 'string') {
    transaction.skip = true;
    skipped.push({ id: operation.operationId, status, reason: plan });
    return done();
  }
  Promise.resolve()
    .then(() => plan(t, ctx, randomUUID))
    .then(() => done())
    .catch((error) => {
      transaction.fail = `hook failed: ${error.message}`;
      done();
    });
});

// A fault injected into a platform fake for one transaction never leaks into the next.
hooks.afterEach((_transaction, done) => {
  (ctx ? ctx.resetFaults() : Promise.resolve()).then(
    () => done(),
    () => done(),
  );
});

// Express sends `application/json; charset=utf-8`; Dredd compares media types exactly.
hooks.beforeEachValidation((transaction, done) => {
  const real = transaction.real?.headers;
  if (real?.['content-type']) real['content-type'] = real['content-type'].split(';')[0].trim();
  done();
});

hooks.afterAll((_transactions, done) => {
  // Grouped by reason, so a long list cannot drown Dredd's own report (which follows and must be read).
  const byReason = new Map();
  for (const { id, status, reason } of skipped) {
    if (!byReason.has(reason)) byReason.set(reason, []);
    byReason.get(reason).push(`${id} ${status}`);
  }
  if (skipped.length > 0) console.log(`skipped ${skipped.length} transaction(s), each for its reason:`);
  for (const [reason, items] of byReason) console.log(`  - ${reason} (${items.length}): ${items.join(', ')}`);
  done();
});
