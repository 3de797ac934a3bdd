import { describe, expect, it } from 'vitest';
import { GOOGLE_SEED_IDS, META_SEED_IDS, startFakes } from '../../fakes/index.ts';
import { type Json, request, TODAY } from './helpers.ts';

describe('startFakes()', () => {
  it('starts both fakes on ephemeral 127.0.0.1 ports and closes them', async () => {
    const fakes = await startFakes({ today: TODAY, seed: 3 });
    expect(fakes.meta.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fakes.google.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fakes.meta.port).not.toBe(fakes.google.port);
    expect(fakes.urls).toEqual({
      metaGraph: `${fakes.meta.baseUrl}/v25.0`,
      metaDialog: `${fakes.meta.baseUrl}/v25.0/dialog/oauth`,
      metaToken: `${fakes.meta.baseUrl}/v25.0/oauth/access_token`,
      googleAds: `${fakes.google.baseUrl}/v24`,
      googleAuthorize: `${fakes.google.baseUrl}/o/oauth2/v2/auth`,
      googleToken: `${fakes.google.baseUrl}/token`,
    });
    expect(fakes.meta.state.seed).toBe(3);
    await fakes.close();
    await expect(fetch(`${fakes.meta.baseUrl}/__state`)).rejects.toThrow();
  });

  it('describes the seeded ids at /__state for out-of-process users', async () => {
    const fakes = await startFakes({ today: TODAY });
    try {
      const meta = await request(`${fakes.meta.baseUrl}/__state`);
      expect(meta.body.users[0]).toMatchObject({
        id: META_SEED_IDS.users.alex.id,
        code: META_SEED_IDS.users.alex.code,
        adAccountIds: expect.arrayContaining([META_SEED_IDS.adAccounts.alexJpy]),
      });
      const google = await request(`${fakes.google.baseUrl}/__state`);
      expect(google.body.customers.map((c: Json) => c.id)).toContain(GOOGLE_SEED_IDS.customers.manager);
    } finally {
      await fakes.close();
    }
  });
});
