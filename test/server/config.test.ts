// Configuration is read and validated once; a bad value is refused by name; embedded secrets persist.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'adlyft-config-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:3000, the embedded database and the sandbox upstream', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, upstream: 'sandbox', metaApiVersion: 'v25.0' });
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['PORT', '70000', /PORT/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['VALIDATE_RESPONSES', 'maybe', /VALIDATE_RESPONSES/],
    ['DATABASE_URL', 'mysql://localhost/db', /DATABASE_URL/],
    ['UPSTREAM', 'production', /UPSTREAM/],
    ['META_API_VERSION', '25', /META_API_VERSION/],
    ['TOKEN_ENCRYPTION_KEY', 'too-short-but-over-thirty-two-characters', /TOKEN_ENCRYPTION_KEY/],
  ])('refuses %s=%s naming the variable', (name, value, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), [name]: value })).toThrow(message);
  });

  it('requires the secrets when DATABASE_URL points at a server', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/adlyft' })).toThrow(/JWT_SECRET/);
  });

  it('refuses UPSTREAM=live without the platform credentials, naming each missing one', () => {
    const attempt = () => loadConfig({ DATA_DIR: dataDir(), UPSTREAM: 'live', META_APP_ID: '123' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/META_APP_SECRET, GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_DEVELOPER_TOKEN/);
  });

  it('generates missing secrets once into DATA_DIR and reuses them on the next start', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.tokenEncryptionKey.equals(first.tokenEncryptionKey)).toBe(true);
    expect(first.tokenEncryptionKey).toHaveLength(32);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).sort()).toEqual(['JWT_SECRET', 'TOKEN_ENCRYPTION_KEY']);
  });

  it('accepts a 32-byte encryption key as hex', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32) });
    expect(config.tokenEncryptionKey.toString('hex')).toBe('ab'.repeat(32));
  });
});
