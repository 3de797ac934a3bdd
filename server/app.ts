// Builds the Express app without listening (server.ts owns the port). Everything it needs is passed in, so
// tests build as many apps as they like.
import express, { type NextFunction, type Request, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { createAuthenticator } from './auth/authenticate.ts';
import type { Deps } from './deps.ts';
import { createHandlers } from './handlers.ts';
import { createErrorHandler } from './http/error-handler.ts';
import { listOperations, validatorSpec } from './http/operations.ts';
import { rejectNulCharacters } from './http/reject-nul.ts';
import { requestId } from './http/request-id.ts';
import { createAuthRouter, createOperationRouter } from './http/router.ts';

export function createApp(deps: Deps): express.Express {
  const app = express();
  const operations = listOperations();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'extended');

  // 1. Security headers, request id and access log: first, so every response (errors included) carries them.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(requestId);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      deps.logger.info(
        {
          requestId: res.locals.requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  });

  // 2. Body parsing: JSON only, 1 MiB at most (413 above), malformed JSON becomes 400 in the error handler.
  app.use(express.json({ limit: '1mb', strict: true }));

  // 3. Authentication from each operation's declared security, before validation.
  app.use(createAuthRouter(operations, createAuthenticator(deps.db, deps.tokens)));

  // 4. Contract validation: every request (all errors reported), responses when configured.
  app.use(
    OpenApiValidator.middleware({
      apiSpec: validatorSpec() as never,
      validateRequests: { allErrors: true, allowUnknownQueryParameters: false },
      validateResponses: deps.validateResponses ? { removeAdditional: false } : false,
      validateSecurity: false,
      validateFormats: true,
      // Full format checks: the default fast mode accepts 2026-13-01 and T25:00:00Z.
      ajvFormats: { mode: 'full' },
      $refParser: { mode: 'dereference' },
    }),
  );

  // 4b. PostgreSQL cannot store U+0000 in text: refuse it as invalid input rather than fail deep inside a query.
  app.use(rejectNulCharacters);

  // 5. The operations.
  app.use(createOperationRouter(operations, createHandlers(deps), deps.logger, deps.now));

  // 6. Nothing matched: the validator answers unknown paths and methods; this is the last resort.
  app.use((_req: Request, _res: Response, next: NextFunction) => next({ status: 404 }));

  // 7. The one error handler.
  app.use(createErrorHandler(deps.logger, deps.validateResponses, deps.now));
  return app;
}
