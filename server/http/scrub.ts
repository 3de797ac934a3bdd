// Removes credentials from free text (error messages, upstream URLs) before it is logged or answered.
const PATTERNS: [RegExp, string][] = [
  [/(access_token|refresh_token|client_secret|appsecret_proof|code|fb_exchange_token)=([^&\s"']+)/gi, '$1=[redacted]'],
  [/(Bearer\s+)[A-Za-z0-9._~+/-]+=*/g, '$1[redacted]'],
  [/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g, '[redacted-jwt]'],
  [/\b(EAA[A-Za-z0-9]{10,}|ya29\.[A-Za-z0-9._-]+|1\/\/[A-Za-z0-9._-]{10,})/g, '[redacted-token]'],
];

export function scrub(text: string): string {
  return PATTERNS.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text);
}
