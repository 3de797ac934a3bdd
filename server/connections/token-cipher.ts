// Encryption at rest of the platform tokens a connection holds. AES-256-GCM with a random 12-byte IV per value;
// the additional authenticated data binds each ciphertext to its row and column (`{connectionId}:access`), so a
// value copied to another row or column does not decrypt. Stored form: `v1.` + base64url(iv ‖ ciphertext ‖ tag);
// the version prefix leaves room for a new key or algorithm without guessing what an old value is.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class TokenDecryptionError extends Error {
  override name = 'TokenDecryptionError';
}

export interface TokenCipher {
  encrypt(plaintext: string, aad: string): string;
  /** Throws TokenDecryptionError when the value is malformed, of an unknown version, tampered with or bound to other data. */
  decrypt(stored: string, aad: string): string;
}

/** What a token is bound to: its connection row and which of its tokens it is. */
export const tokenAad = (connectionId: string, kind: 'access' | 'refresh'): string => `${connectionId}:${kind}`;

export function createTokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) throw new Error('the token encryption key must be 32 bytes');
  return {
    encrypt(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
    },
    decrypt(stored, aad) {
      const dot = stored.indexOf('.');
      if (dot < 0 || stored.slice(0, dot) !== VERSION) throw new TokenDecryptionError('unknown token encryption version');
      const raw = Buffer.from(stored.slice(dot + 1), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new TokenDecryptionError('encrypted token is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new TokenDecryptionError('encrypted token failed authentication');
      }
    },
  };
}
