// The contract itself: valid, complete, and honest in its examples.
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { BUNDLE_JSON, dereferencedBundle, operationsOf, rawBundle, schemaErrors, stringsIn } from '../support/contract.ts';

/** The intended operations. An accidental removal or addition fails here. */
const INTENDED_OPERATIONS = [
  'getHealth',
  'getReadiness',
  'createToken',
  'refreshToken',
  'createWorkspace',
  'getWorkspace',
  'updateWorkspace',
  'deleteWorkspace',
  'changeWorkspaceAdmin',
  'createTeam',
  'listWorkspaceTeams',
  'getTeam',
  'updateTeam',
  'deleteTeam',
  'listTeamMembers',
  'assignTeamMembers',
  'removeTeamMember',
  'listConnections',
  'createConnection',
  'listAdAccountStatuses',
  'listTeamConnections',
  'removeAdAccountConnection',
  'disconnectConnection',
  'getConnectionInsights',
  'handleMetaOAuthCallback',
  'handleGoogleOAuthCallback',
  'assignAdAccountPermission',
  'revokeAdAccountPermission',
  'changeAdAccountPermission',
  'importMetaAdAccount',
  'listMetaPages',
  'searchMetaTargeting',
  'listMetaAds',
  'listMetaAdSets',
  'listMetaAdCreatives',
  'getMetaInsights',
  'listMetaCampaigns',
  'updateMetaCampaignStatus',
  'createMetaLeadCampaign',
  'createMetaTrafficCampaign',
  'createMetaSalesCampaign',
  'createMetaAwarenessCampaign',
  'createMetaEngagementCampaign',
  'listMetaLeadForms',
  'createMetaLeadForm',
  'listMetaPixels',
  'createMetaPixel',
  'listMetaSavedAudiences',
  'listMetaCustomAudiences',
  'listGoogleAccessibleCustomers',
  'importGoogleAccount',
  'getGoogleInsights',
  'listGoogleAssets',
];

/** Operations that are not called with the tenant's key: the platforms' browser redirects and the probes. */
const PUBLIC_OPERATIONS = new Set(['getHealth', 'getReadiness', 'handleMetaOAuthCallback', 'handleGoogleOAuthCallback']);

describe('the bundled contract', () => {
  it('is a valid OpenAPI 3.0.3 document', async () => {
    const doc = rawBundle();
    expect(doc.openapi).toBe('3.0.3');
    await expect(SwaggerParser.validate(BUNDLE_JSON)).resolves.toBeTruthy();
  });

  it('has exactly the intended operations', () => {
    const ids = operationsOf(rawBundle()).map((o) => o.operation.operationId);
    expect([...ids].sort()).toEqual([...INTENDED_OPERATIONS].sort());
  });

  it('serves every path under /api/v1', () => {
    for (const path of Object.keys(rawBundle().paths)) expect(path).toMatch(/^\/api\/v1\//);
  });

  it('uses every component file of spec/components', () => {
    const bundle = rawBundle();
    const root = resolve(import.meta.dirname, '..', '..', 'spec', 'components');
    const unused: string[] = [];
    for (const kind of readdirSync(root)) {
      for (const file of readdirSync(join(root, kind))) {
        const name = basename(file, '.yaml');
        const section = kind === 'examples' ? 'examples' : kind;
        if (!(bundle.components[section] && name in bundle.components[section])) unused.push(`${kind}/${file}`);
      }
    }
    expect(unused).toEqual([]);
  });
});

describe.each(operationsOf(rawBundle()).map((o) => [o.operation.operationId, o] as const))('operation %s', (operationId, { operation }) => {
  it('has one tag, a summary, and says who may call it', () => {
    expect(operation.tags).toHaveLength(1);
    expect(operation.summary?.length).toBeGreaterThan(5);
    expect(operation.description).toMatch(/\*\*Who may call it:\*\*/);
  });

  it('declares its security: the API key unless the platform or a probe calls it', () => {
    const security = operation.security ?? rawBundle().security ?? [];
    if (PUBLIC_OPERATIONS.has(operationId)) {
      expect(security).toEqual([]);
    } else {
      expect(security.length).toBe(1);
      expect(Object.keys(security[0] ?? {})).toContain('ApiKey');
    }
  });

  it('declares its error responses: 500 always, 401 when secured, 400 when it takes input', () => {
    const statuses = Object.keys(operation.responses);
    expect(statuses).toContain('500');
    if (!PUBLIC_OPERATIONS.has(operationId)) expect(statuses).toContain('401');
    if ((operation.parameters?.length ?? 0) > 0 || operation.requestBody) expect(statuses).toContain('400');
    for (const status of statuses.filter((s) => Number(s) >= 400)) {
      const ref = (operation.responses[status] as unknown as { $ref?: string }).$ref;
      expect(ref, `${status} must use a shared error response`).toMatch(/^#\/components\/responses\//);
    }
  });
});

describe('every example', async () => {
  const doc = await dereferencedBundle();
  const cases: [string, unknown, Record<string, unknown>][] = [];
  for (const { operation } of operationsOf(doc)) {
    const id = operation.operationId;
    for (const parameter of operation.parameters ?? []) {
      if (parameter.example !== undefined && parameter.schema)
        cases.push([`${id} parameter ${parameter.name}`, parameter.example, parameter.schema]);
    }
    for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
      for (const [name, example] of Object.entries(media.examples ?? {})) {
        if (media.schema) cases.push([`${id} request ${type} example ${name}`, example.value, media.schema]);
      }
    }
    for (const [status, response] of Object.entries(operation.responses)) {
      for (const [type, media] of Object.entries(response.content ?? {})) {
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          if (media.schema) cases.push([`${id} ${status} ${type} example ${name}`, example.value, media.schema]);
        }
      }
    }
  }

  it('exists for every request body and every success response', () => {
    for (const { operation } of operationsOf(doc)) {
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        expect(Object.keys(media.examples ?? {}).length, `${operation.operationId} request`).toBeGreaterThan(0);
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const media of Object.values(response.content ?? {})) {
          expect(Object.keys(media.examples ?? {}).length, `${operation.operationId} ${status}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it.each(cases)('%s validates against its schema', (_name, value, schema) => {
    expect(schemaErrors(schema, value)).toEqual([]);
  });

  it.each(cases)('%s has no placeholder values', (_name, value) => {
    const placeholders = stringsIn(value).filter((s) => s === 'string' || s.includes('{ ... }') || s === '...');
    expect(placeholders).toEqual([]);
  });
});
