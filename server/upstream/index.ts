// Builds the upstream adapters from one config object: OAuth helpers per platform, and a client factory per
// access token (tokens belong to connections, so clients are made per call site, cheaply). Base URLs left
// undefined mean the real platforms; the sandbox passes the fakes' URLs.

import type { Config } from '../config.ts';
import { createGoogleAdsClient, type GoogleAdsClient } from './google/client.ts';
import { createGoogleOAuth, type GoogleOAuth } from './google/oauth.ts';
import type { HttpSettings, Sleep } from './http.ts';
import { createMetaClient, type MetaClient } from './meta/client.ts';
import { createMetaOAuth, type MetaOAuth } from './meta/oauth.ts';

export type { UpstreamError, UpstreamErrorKind, UpstreamPlatform } from './errors.ts';
export { isUpstreamError, toAppError } from './errors.ts';
export type { GoogleAdsClient, GoogleAdsRow, GoogleSearchPage } from './google/client.ts';
export type { GoogleOAuth, GoogleTokenGrant } from './google/oauth.ts';
export type { MetaClient, MetaParams } from './meta/client.ts';
export type { MetaOAuth, MetaTokenGrant } from './meta/oauth.ts';
export type { MetaPage } from './meta/paging.ts';

export interface UpstreamConfig {
  metaApiBaseUrl?: string | undefined;
  metaOAuthBaseUrl?: string | undefined;
  metaApiVersion?: string | undefined;
  metaAppId: string;
  metaAppSecret: string;
  googleAdsBaseUrl?: string | undefined;
  googleOAuthBaseUrl?: string | undefined;
  googleAdsApiVersion?: string | undefined;
  googleClientId: string;
  googleClientSecret: string;
  googleDeveloperToken: string;
  timeoutMs?: number | undefined;
  maxAttempts?: number | undefined;
  /** Longest single wait before giving up with the platform's wait as retryAfterSeconds. Default 30. */
  maxWaitSeconds?: number | undefined;
  sleep?: Sleep | undefined;
  /** Jitter source, in [0, 1). */
  random?: (() => number) | undefined;
  onRetry?: HttpSettings['onRetry'];
}

export interface Upstream {
  meta: {
    oauth: MetaOAuth;
    client(accessToken: string): MetaClient;
  };
  google: {
    oauth: GoogleOAuth;
    client(accessToken: string, options?: { loginCustomerId?: string }): GoogleAdsClient;
  };
}

export function createUpstream(config: UpstreamConfig): Upstream {
  const http: Partial<HttpSettings> = {};
  if (config.timeoutMs !== undefined) http.timeoutMs = config.timeoutMs;
  if (config.maxAttempts !== undefined) http.maxAttempts = config.maxAttempts;
  if (config.maxWaitSeconds !== undefined) http.maxWaitSeconds = config.maxWaitSeconds;
  if (config.sleep) http.sleep = config.sleep;
  if (config.random) http.random = config.random;
  if (config.onRetry) http.onRetry = config.onRetry;
  const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
    value === undefined ? {} : ({ [key]: value } as Record<K, V>);

  const metaOAuth = createMetaOAuth({
    ...opt('apiBaseUrl', config.metaApiBaseUrl),
    ...opt('oauthBaseUrl', config.metaOAuthBaseUrl),
    ...opt('version', config.metaApiVersion),
    appId: config.metaAppId,
    appSecret: config.metaAppSecret,
    http,
  });
  const googleOAuth = createGoogleOAuth({
    ...opt('oauthBaseUrl', config.googleOAuthBaseUrl),
    clientId: config.googleClientId,
    clientSecret: config.googleClientSecret,
    http,
  });

  return {
    meta: {
      oauth: metaOAuth,
      client: (accessToken) =>
        createMetaClient({
          ...opt('baseUrl', config.metaApiBaseUrl),
          ...opt('version', config.metaApiVersion),
          appId: config.metaAppId,
          appSecret: config.metaAppSecret,
          accessToken,
          http,
        }),
    },
    google: {
      oauth: googleOAuth,
      client: (accessToken, options = {}) =>
        createGoogleAdsClient({
          ...opt('baseUrl', config.googleAdsBaseUrl),
          ...opt('version', config.googleAdsApiVersion),
          developerToken: config.googleDeveloperToken,
          accessToken,
          ...opt('loginCustomerId', options.loginCustomerId),
          http,
        }),
    },
  };
}

/**
 * The upstream part of the server's configuration. `metaOAuthBaseUrl` (META_OAUTH_BASE_URL) is read when
 * server/config.ts provides it; `overrides` lets server.ts point the sandbox at in-process fakes and inject a sleep.
 */
export function upstreamConfigFrom(config: Config, overrides: Partial<UpstreamConfig> = {}): UpstreamConfig {
  const source: Config & { metaOAuthBaseUrl?: string | undefined } = config;
  return {
    metaApiBaseUrl: source.metaApiBaseUrl,
    metaOAuthBaseUrl: source.metaOAuthBaseUrl,
    metaApiVersion: source.metaApiVersion,
    metaAppId: source.metaAppId,
    metaAppSecret: source.metaAppSecret,
    googleAdsBaseUrl: source.googleAdsBaseUrl,
    googleOAuthBaseUrl: source.googleOAuthBaseUrl,
    googleAdsApiVersion: source.googleAdsApiVersion,
    googleClientId: source.googleClientId,
    googleClientSecret: source.googleClientSecret,
    googleDeveloperToken: source.googleDeveloperToken,
    timeoutMs: source.upstreamTimeoutMs,
    maxAttempts: source.upstreamMaxAttempts,
    ...overrides,
  };
}
