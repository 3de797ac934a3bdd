// API keys are shown once and stored only as a SHA-256 hash: they are 256-bit random, so a fast hash is
// enough (no dictionary to defend against) and lets a key be found by its hash in one indexed lookup.
import { createHash, randomBytes } from 'node:crypto';

export function newApiKey(): string {
  return `ak_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}
