// Type-level tests of the typed client, checked by `tsc --noEmit` (npm run lint): every invalid call below must
// be a compile error, or its @ts-expect-error is itself an error.
import { createAdlyftClient } from '../../client/index.ts';

const client = createAdlyftClient({ baseUrl: 'http://127.0.0.1:3000', apiKey: 'ak_example' });

export async function invalidCallsDoNotCompile(): Promise<void> {
  // @ts-expect-error an unknown path
  await client.GET('/api/v1/no-such-path');

  // @ts-expect-error the body lacks the required externalUserId
  await client.POST('/api/v1/auth/token', { body: {} });

  // @ts-expect-error a path parameter is required
  await client.GET('/api/v1/teams/{teamId}', {});

  await client.POST('/api/v1/teams/{teamId}/members', {
    params: { path: { teamId: '9b2f6a1e-4c3d-4e5f-8a7b-1c2d3e4f5a6b' } },
    // @ts-expect-error OWNER is not a team role
    body: { members: [{ externalUserId: 'user-7', role: 'OWNER' }] },
  });

  // @ts-expect-error GET is not an operation of /api/v1/auth/token
  await client.GET('/api/v1/auth/token');

  const { data } = await client.POST('/api/v1/auth/token', { body: { externalUserId: 'user-42' } });
  // @ts-expect-error accessToken is a string
  const wrong: number | undefined = data?.data.accessToken;
  void wrong;
  const right: string | undefined = data?.data.accessToken;
  void right;
}
