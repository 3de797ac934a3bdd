// Handler types derived from the generated contract types: a handler's input (path, query, body) and every
// success status with its body's `data` are typed from generated/schema.d.ts, so a wrong shape does not compile.
import type { Logger } from 'pino';
import type { operations } from '../../generated/schema.d.ts';
import type { AuthContext } from '../auth/authenticate.ts';
import type { NotImplementedOperation } from './not-implemented.ts';

export type OperationId = keyof operations;

type Params<O extends OperationId> = operations[O]['parameters'];
export type PathOf<O extends OperationId> =
  Params<O> extends { path: infer P } ? (P extends Record<string, unknown> ? P : Record<string, never>) : Record<string, never>;
export type QueryOf<O extends OperationId> =
  Params<O> extends { query?: infer Q } ? (Q extends Record<string, unknown> ? Q : Record<string, never>) : Record<string, never>;
export type BodyOf<O extends OperationId> = operations[O] extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : operations[O] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B | undefined
    : undefined;

type Responses<O extends OperationId> = operations[O]['responses'];
type SuccessStatus<O extends OperationId> = Extract<keyof Responses<O>, 200 | 201 | 202 | 204 | 302>;
type DataOf<O extends OperationId, S extends keyof Responses<O>> = Responses<O>[S] extends {
  content: { 'application/json': { data: infer D } };
}
  ? D
  : never;

export type HandlerResult<O extends OperationId> = {
  [S in SuccessStatus<O>]: S extends 302
    ? { status: S; location: string; headers?: Record<string, string> }
    : { status: S; data: DataOf<O, S>; message?: string; headers?: Record<string, string> };
}[SuccessStatus<O>];

export interface HandlerInput<O extends OperationId> {
  path: PathOf<O>;
  query: QueryOf<O>;
  body: BodyOf<O>;
  auth: AuthContext;
  requestId: string;
  log: Logger;
}

export type Handler<O extends OperationId> = (input: HandlerInput<O>) => Promise<HandlerResult<O>>;

/** Every implemented operation must have a handler; the ones still answering 501 must not. */
export type Handlers = { [O in Exclude<OperationId, NotImplementedOperation>]: Handler<O> };
export type HandlerGroup<O extends OperationId> = { [K in O]: Handler<K> };
