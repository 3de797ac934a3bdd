// Dredd hooks for the Prism mock. Prism accepts any well-formed credentials, and answers a documented error
// status when asked with `Prefer: code=<status>`: so every documented response of every operation is exercised.
const hooks = require('hooks');

hooks.beforeEach((transaction, done) => {
  const headers = transaction.request.headers;
  headers['x-api-key'] = 'ak_mock_key_for_contract_tests';
  if (!headers.Authorization && !headers.authorization) headers.Authorization = 'Bearer mock.access.token';
  const status = Number(transaction.expected.statusCode);
  if (status >= 300) headers.Prefer = `code=${status}`;
  done();
});

// Express and Prism send `application/json; charset=utf-8`; Dredd compares media types exactly.
hooks.beforeEachValidation((transaction, done) => {
  const real = transaction.real && transaction.real.headers;
  if (real && real['content-type']) real['content-type'] = real['content-type'].split(';')[0].trim();
  done();
});
