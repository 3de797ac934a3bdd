// Reads and validates the whole configuration once at start-up. A bad value stops start-up with a message
// that names the variable; nothing else in the server reads process.env.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type UpstreamMode = 'sandbox' | 'live';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: string;
  tokenEncryptionKey: Buffer;
  logLevel: LogLevel;
  validateResponses: boolean;
  publicBaseUrl: string;
  upstream: UpstreamMode;
  metaApiBaseUrl: string | undefined;
  metaOAuthBaseUrl: string | undefined;
  metaApiVersion: string;
  metaAppId: string;
  metaAppSecret: string;
  googleAdsBaseUrl: string | undefined;
  googleAdsApiVersion: string;
  googleOAuthBaseUrl: string | undefined;
  googleClientId: string;
  googleClientSecret: string;
  googleDeveloperToken: string;
  upstreamTimeoutMs: number;
  upstreamMaxAttempts: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed = new URL(raw);
    return parsed.toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
}

/**
 * Secrets: taken from the environment when set; in the embedded default (no DATABASE_URL) a missing secret is
 * generated once and kept in DATA_DIR, so tokens and encrypted connection tokens survive restarts.
 */
function secret(env: Env, name: string, dataDir: string, embedded: boolean, minLength: number): string {
  const raw = env[name];
  if (raw !== undefined && raw !== '') {
    if (raw.length < minLength) throw new ConfigError(`${name} must be at least ${minLength} characters`);
    return raw;
  }
  if (!embedded) throw new ConfigError(`${name} is required when DATABASE_URL is set`);
  const file = join(dataDir, 'secrets.json');
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const existing = stored[name];
  if (existing) return existing;
  stored[name] = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return stored[name];
}

function encryptionKey(value: string, name: string): Buffer {
  // Accept 32 bytes as base64/base64url (44/43 chars) or hex (64 chars); anything else is refused by name.
  const candidates = [/^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : null, Buffer.from(value, 'base64url')];
  const key = candidates.find((b) => b !== null && b.length === 32);
  if (!key) throw new ConfigError(`${name} must be 32 bytes, as 64 hex characters or base64`);
  return key;
}

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
  const dataDir = resolve(env.DATA_DIR || '.data');
  const embedded = databaseUrl === undefined;
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const upstream = oneOf(env, 'UPSTREAM', ['sandbox', 'live'] as const, 'sandbox');
  const config: Config = {
    port,
    host,
    databaseUrl,
    dataDir,
    jwtSecret: secret(env, 'JWT_SECRET', dataDir, embedded, 32),
    tokenEncryptionKey: encryptionKey(secret(env, 'TOKEN_ENCRYPTION_KEY', dataDir, embedded, 32), 'TOKEN_ENCRYPTION_KEY'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    validateResponses: boolean(env, 'VALIDATE_RESPONSES', env.NODE_ENV !== 'production'),
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL') ?? `http://${host}:${port}`,
    upstream,
    metaApiBaseUrl: url(env, 'META_API_BASE_URL'),
    metaOAuthBaseUrl: url(env, 'META_OAUTH_BASE_URL'),
    metaApiVersion: env.META_API_VERSION || 'v25.0',
    metaAppId: env.META_APP_ID || (upstream === 'sandbox' ? 'sandbox-meta-app' : ''),
    metaAppSecret: env.META_APP_SECRET || (upstream === 'sandbox' ? 'sandbox-meta-secret' : ''),
    googleAdsBaseUrl: url(env, 'GOOGLE_ADS_BASE_URL'),
    googleAdsApiVersion: env.GOOGLE_ADS_API_VERSION || 'v23',
    googleOAuthBaseUrl: url(env, 'GOOGLE_OAUTH_BASE_URL'),
    googleClientId: env.GOOGLE_CLIENT_ID || (upstream === 'sandbox' ? 'sandbox-google-client' : ''),
    googleClientSecret: env.GOOGLE_CLIENT_SECRET || (upstream === 'sandbox' ? 'sandbox-google-secret' : ''),
    googleDeveloperToken: env.GOOGLE_DEVELOPER_TOKEN || (upstream === 'sandbox' ? 'sandbox-developer-token' : ''),
    upstreamTimeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 10_000, 100, 120_000),
    upstreamMaxAttempts: integer(env, 'UPSTREAM_MAX_ATTEMPTS', 3, 1, 10),
  };
  if (!/^v\d+\.\d+$/.test(config.metaApiVersion)) throw new ConfigError('META_API_VERSION must look like v25.0');
  if (!/^v\d+$/.test(config.googleAdsApiVersion)) throw new ConfigError('GOOGLE_ADS_API_VERSION must look like v23');
  if (upstream === 'live') {
    const required = {
      META_APP_ID: config.metaAppId,
      META_APP_SECRET: config.metaAppSecret,
      GOOGLE_CLIENT_ID: config.googleClientId,
      GOOGLE_CLIENT_SECRET: config.googleClientSecret,
      GOOGLE_DEVELOPER_TOKEN: config.googleDeveloperToken,
    };
    const missing = Object.entries(required)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    if (missing.length > 0) throw new ConfigError(`UPSTREAM=live requires ${missing.join(', ')}`);
  }
  return config;
}
