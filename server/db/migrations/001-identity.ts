// Tenants, users, workspaces, teams and memberships; connections, their ad accounts and permissions.
import { type Kysely, sql } from 'kysely';

// One statement per entry: PGlite's extended protocol runs a single command per query.
const STATEMENTS = [
  `CREATE TABLE tenants (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    api_key_hash text NOT NULL UNIQUE,
    allowed_origins text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE users (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    external_user_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, external_user_id)
  )`,
  `CREATE TABLE workspaces (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name text NOT NULL,
    description text,
    admin_user_id uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX workspaces_tenant ON workspaces (tenant_id)`,
  `CREATE TABLE teams (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name text NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX teams_workspace ON teams (workspace_id)`,
  `CREATE TABLE team_members (
    team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
  )`,
  `CREATE INDEX team_members_user ON team_members (user_id)`,
  `CREATE TABLE connections (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    platform text NOT NULL CHECK (platform IN ('META', 'GOOGLE')),
    status text NOT NULL CHECK (status IN ('ACTIVE', 'EXPIRED', 'REVOKED')),
    platform_user_id text NOT NULL,
    platform_user_name text,
    scopes text[] NOT NULL DEFAULT '{}',
    access_token_enc text NOT NULL,
    refresh_token_enc text,
    token_expires_at timestamptz,
    connected_by_user_id uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, platform, platform_user_id)
  )`,
  `CREATE TABLE ad_accounts (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    platform text NOT NULL CHECK (platform IN ('META', 'GOOGLE')),
    external_id text NOT NULL,
    name text NOT NULL,
    currency text NOT NULL,
    timezone text,
    status text NOT NULL,
    last_imported_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (connection_id, external_id)
  )`,
  `CREATE INDEX ad_accounts_external ON ad_accounts (tenant_id, external_id)`,
  `CREATE TABLE ad_account_permissions (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('MANAGER', 'VIEWER')),
    granted_by_user_id uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ad_account_id, user_id)
  )`,
  `CREATE TABLE oauth_states (
    nonce text PRIMARY KEY,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
