// What the OAuth flow and the stored platform tokens need beyond 001: an OAuth state records the flow it
// stands for (tenant, team, platform, redirect, the admin who started it), and a connection keeps the expiry
// of its current access token (Google access tokens live an hour and are refreshed from the refresh token).
import { type Kysely, sql } from 'kysely';

// One statement per entry: PGlite's extended protocol runs a single command per query.
const STATEMENTS = [
  // States live ten minutes; any left from before this migration cannot be completed anyway.
  `DELETE FROM oauth_states`,
  `ALTER TABLE oauth_states
    ADD COLUMN tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    ADD COLUMN team_id uuid NOT NULL,
    ADD COLUMN platform text NOT NULL CHECK (platform IN ('META', 'GOOGLE')),
    ADD COLUMN redirect text NOT NULL,
    ADD COLUMN user_id uuid NOT NULL,
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`,
  `CREATE INDEX oauth_states_expires ON oauth_states (expires_at)`,
  `ALTER TABLE connections ADD COLUMN access_token_expires_at timestamptz`,
  `CREATE INDEX connections_team ON connections (tenant_id, team_id)`,
  `CREATE INDEX ad_account_permissions_user ON ad_account_permissions (user_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
