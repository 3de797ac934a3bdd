// Row types of every table (snake_case, as in SQL). Repositories map them to the contract's camelCase shapes.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TenantsTable {
  id: string;
  name: string;
  api_key_hash: string;
  allowed_origins: ColumnType<string[], string[] | string, string[] | string>;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  tenant_id: string;
  external_user_id: string;
  created_at: Timestamp;
}

export interface WorkspacesTable {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  admin_user_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamsTable {
  id: string;
  tenant_id: string;
  workspace_id: string;
  name: string;
  is_default: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  role: 'ADMIN' | 'MEMBER';
  joined_at: Timestamp;
}

export interface ConnectionsTable {
  id: string;
  tenant_id: string;
  team_id: string;
  platform: 'META' | 'GOOGLE';
  status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  platform_user_id: string;
  platform_user_name: string | null;
  scopes: ColumnType<string[], string[] | string, string[] | string>;
  access_token_enc: string;
  refresh_token_enc: string | null;
  token_expires_at: Timestamp | null;
  /** When access_token_enc stops working (Google: about an hour; Meta: the long-lived token's expiry). */
  access_token_expires_at: Timestamp | null;
  connected_by_user_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AdAccountsTable {
  id: string;
  tenant_id: string;
  connection_id: string;
  platform: 'META' | 'GOOGLE';
  external_id: string;
  name: string;
  currency: string;
  timezone: string | null;
  status: string;
  last_imported_at: Timestamp | null;
  created_at: Timestamp;
}

export interface AdAccountPermissionsTable {
  ad_account_id: string;
  user_id: string;
  role: 'MANAGER' | 'VIEWER';
  granted_by_user_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OAuthStatesTable {
  nonce: string;
  tenant_id: string;
  team_id: string;
  platform: 'META' | 'GOOGLE';
  redirect: string;
  /** The team admin who started the flow. */
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  id: Generated<number>;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  workspaces: WorkspacesTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  connections: ConnectionsTable;
  ad_accounts: AdAccountsTable;
  ad_account_permissions: AdAccountPermissionsTable;
  oauth_states: OAuthStatesTable;
}
