// Liveness says the process answers; readiness says it can serve (its database answers).
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { AppError } from '../http/errors.ts';
import type { HandlerGroup } from '../http/handler-types.ts';

export function createHealthHandlers(deps: Deps): HandlerGroup<'getHealth' | 'getReadiness'> {
  return {
    async getHealth() {
      const uptimeSeconds = Math.floor((deps.now().getTime() - deps.startedAt.getTime()) / 1000);
      return { status: 200, data: { status: 'ok', uptimeSeconds, version: deps.version } };
    },
    async getReadiness() {
      try {
        await sql`SELECT 1`.execute(deps.db);
      } catch {
        throw new AppError(503, 'SERVICE_UNAVAILABLE', 'The database is not reachable', undefined, { 'Retry-After': '5' });
      }
      return { status: 200, data: { status: 'ok', checks: { database: 'ok' } } };
    },
  };
}
