import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveOAuthStateSecret, verifyStateSignature } from '../../../server/connections/oauth-state.ts';
import { createTokenCipher, TokenDecryptionError, tokenAad } from '../../../server/connections/token-cipher.ts';

const cipher = createTokenCipher(randomBytes(32));
const TOKEN = 'EAABwzLixnjYBO1234567890abcdefghijklmnopqrstuvwxyz';
const AAD = tokenAad('7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', 'access');

function flipByte(stored: string, index: number): string {
  const raw = Buffer.from(stored.slice(3), 'base64url');
  raw[index] = (raw[index] as number) ^ 0x01;
  return `v1.${raw.toString('base64url')}`;
}

describe('token cipher (AES-256-GCM)', () => {
  it('stores a versioned value that is not the token and decrypts it back', () => {
    const stored = cipher.encrypt(TOKEN, AAD);
    expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(TOKEN);
    expect(Buffer.from(stored.slice(3), 'base64url').toString('latin1')).not.toContain(TOKEN.slice(0, 12));
    expect(cipher.decrypt(stored, AAD)).toBe(TOKEN);
  });

  it('uses a fresh 12-byte IV for every value, so the same token never encrypts the same way twice', () => {
    const a = cipher.encrypt(TOKEN, AAD);
    const b = cipher.encrypt(TOKEN, AAD);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(3), 'base64url').subarray(0, 12)).not.toEqual(Buffer.from(b.slice(3), 'base64url').subarray(0, 12));
    expect(Buffer.from(a.slice(3), 'base64url').length).toBe(12 + Buffer.byteLength(TOKEN) + 16);
  });

  it('refuses a tampered ciphertext, IV or tag', () => {
    const stored = cipher.encrypt(TOKEN, AAD);
    const length = Buffer.from(stored.slice(3), 'base64url').length;
    for (const index of [0, 11, 12, 20, length - 1]) {
      expect(() => cipher.decrypt(flipByte(stored, index), AAD)).toThrow(TokenDecryptionError);
    }
  });

  it('refuses a value moved to another row or column (the additional authenticated data)', () => {
    const stored = cipher.encrypt(TOKEN, AAD);
    expect(() => cipher.decrypt(stored, tokenAad('7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', 'refresh'))).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt(stored, tokenAad('2e4f6a8c-0b1d-4e3f-a5b7-c9d1e3f5a7b9', 'access'))).toThrow(TokenDecryptionError);
  });

  it('refuses a value encrypted with another key, of an unknown version, or truncated', () => {
    const stored = cipher.encrypt(TOKEN, AAD);
    expect(() => createTokenCipher(randomBytes(32)).decrypt(stored, AAD)).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt(`v2.${stored.slice(3)}`, AAD)).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt(TOKEN, AAD)).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt('v1.AAAA', AAD)).toThrow(TokenDecryptionError);
  });

  it('needs a 32-byte key', () => {
    expect(() => createTokenCipher(randomBytes(16))).toThrow();
  });
});

describe('OAuth state signature', () => {
  const secret = deriveOAuthStateSecret('jwt-secret-jwt-secret-jwt-secret-0123');

  it('derives a 32-byte signing key that depends on the JWT secret', () => {
    expect(secret.length).toBe(32);
    expect(deriveOAuthStateSecret('another-jwt-secret-another-jwt-secret')).not.toEqual(secret);
  });

  it('accepts only {43 base64url}.{43 base64url} with the right HMAC', async () => {
    const { createHmac } = await import('node:crypto');
    const nonce = randomBytes(32).toString('base64url');
    const good = `${nonce}.${createHmac('sha256', secret).update(nonce).digest('base64url')}`;
    expect(verifyStateSignature(secret, good)).toBe(nonce);
    expect(verifyStateSignature(deriveOAuthStateSecret('another-jwt-secret-another-jwt-secret'), good)).toBeUndefined();
    expect(verifyStateSignature(secret, `${nonce}.${'A'.repeat(43)}`)).toBeUndefined();
    expect(verifyStateSignature(secret, `${good}=`)).toBeUndefined();
    expect(verifyStateSignature(secret, nonce)).toBeUndefined();
  });
});
