// Dredd hooks for the Prism mock. Prism accepts any well-formed credentials, and answers any documented
// status when asked with `Prefer: code=<status>`: so every documented response of every operation is exercised.
const hooks = require('hooks');

hooks.beforeEach((transaction, done) => {
  const headers = transaction.request.headers;
  headers['x-api-key'] = 'ak_mock_key_for_contract_tests';
  if (!headers.Authorization && !headers.authorization) headers.Authorization = 'Bearer mock.access.token';
  // Ask for the very status under test (an operation may document two successes, e.g. 200 and 201).
  headers.Prefer = `code=${transaction.expected.statusCode}`;
  done();
});

// Express and Prism send `application/json; charset=utf-8`; Dredd compares media types exactly.
hooks.beforeEachValidation((transaction, done) => {
  const real = transaction.real?.headers;
  if (real?.['content-type']) real['content-type'] = real['content-type'].split(';')[0].trim();
  done();
});
