// Mounts one route per contract operation: authentication, then (after the validator, mounted by app.ts) the
// typed handler, whose result is wrapped in the success envelope.
import { type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import { authOf } from '../auth/authenticate.ts';
import { successEnvelope } from './envelope.ts';
import { AppError } from './errors.ts';
import type { Handler, Handlers, OperationId } from './handler-types.ts';
import { NOT_IMPLEMENTED } from './not-implemented.ts';
import type { OperationInfo } from './operations.ts';

type AnyHandler = Handler<OperationId>;
type Middleware = (req: Request, res: Response, next: (err?: unknown) => void) => unknown;

/** Authentication routes, mounted before the validator. */
export function createAuthRouter(operations: OperationInfo[], authenticate: (op: OperationInfo) => Middleware): Router {
  const router = Router();
  for (const operation of operations) router[operation.method](operation.expressPath, authenticate(operation));
  return router;
}

export function createOperationRouter(operations: OperationInfo[], handlers: Handlers, logger: Logger, now: () => Date): Router {
  const router = Router();
  const notImplemented = new Set<string>(NOT_IMPLEMENTED);
  for (const operation of operations) {
    if (notImplemented.has(operation.operationId)) {
      router[operation.method](operation.expressPath, () => {
        throw new AppError(501, 'NOT_IMPLEMENTED', `${operation.operationId} is not implemented yet`);
      });
      continue;
    }
    const handler = (handlers as unknown as Record<string, AnyHandler | undefined>)[operation.operationId];
    if (!handler) throw new Error(`no handler for operation ${operation.operationId}`);
    router[operation.method](operation.expressPath, async (req: Request, res: Response) => {
      const result = (await handler({
        path: req.params as never,
        query: (req.query ?? {}) as never,
        body: req.body as never,
        auth: authOf(res),
        requestId: String(res.locals.requestId),
        log: logger.child({ requestId: res.locals.requestId, operationId: operation.operationId }),
      })) as { status: number; data?: unknown; message?: string; location?: string; headers?: Record<string, string> };
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
      if (result.location !== undefined) {
        res.redirect(result.status, result.location);
        return;
      }
      res.status(result.status).json(successEnvelope(result.status, result.data ?? null, result.message, now()));
    });
  }
  return router;
}
