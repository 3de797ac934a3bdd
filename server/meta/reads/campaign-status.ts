// updateMetaCampaignStatus: writes a campaign's status through to Meta, then keeps the imported copy in step.
// 1. `GET /{campaign}?fields=account_id,status` — the campaign must belong to the asked ad account (else 404, so
//    a MANAGER of one account cannot change another's campaigns);
// 2. `POST /{campaign}` with `status` — skipped when the campaign already has it ("succeeds and changes nothing");
// 3. when the ad account has been imported, `GET /{campaign}` with the stored fields and upsert of the stored
//    copy, so cached lists show the change (archived and deleted campaigns drop out of them). Should that read
//    fail after Meta accepted the change, the stored status fields are set from the request instead: the change
//    happened, and the answer says so.
import type { components } from '../../../generated/schema.d.ts';
import { notFound } from '../../http/errors.ts';
import type { Logger } from '../../http/logger.ts';
import type { Caller } from '../../teams/access.ts';
import { fromActId } from '../../upstream/meta/mapper.ts';
import { type MetaDeps, openLive, resolveMetaTarget } from '../shared/account.ts';
import { CAMPAIGNS, metaRequestFields, recordFromWire } from '../shared/objects.ts';
import { updateStoredStatus, upsertObjects } from './repository.ts';

export type MetaCampaignStatus = components['schemas']['MetaCampaignStatus'];
type Status = MetaCampaignStatus['status'];

export interface CampaignStatusRequest {
  teamId: string;
  adAccountId: string;
  campaignId: string;
  status: Status;
}

export async function updateMetaCampaignStatus(
  deps: MetaDeps,
  caller: Caller,
  request: CampaignStatusRequest,
  log: Logger,
): Promise<MetaCampaignStatus> {
  const target = await resolveMetaTarget(deps, caller, { teamId: request.teamId, adAccountId: request.adAccountId, need: 'write' });
  const live = await openLive(deps, target);
  const { adAccount } = target;
  const current = await live.call((client) =>
    client.get<{ account_id?: string; status?: string }>(request.campaignId, { fields: ['account_id', 'status'] }),
  );
  if (current.account_id !== fromActId(adAccount.externalId)) {
    throw notFound(`Campaign ${request.campaignId} is not a campaign of ad account ${adAccount.externalId}`);
  }
  if (current.status !== request.status) {
    await live.call((client) => client.post<{ success?: boolean }>(request.campaignId, { status: request.status }));
  }
  if (adAccount.lastImportedAt !== null) {
    try {
      const wire = await live.call((client) =>
        client.get<Record<string, unknown>>(request.campaignId, { fields: metaRequestFields(CAMPAIGNS, CAMPAIGNS.storedFields) }),
      );
      await upsertObjects(deps.db, CAMPAIGNS, adAccount.id, [recordFromWire(CAMPAIGNS, wire)], deps.now());
    } catch (error) {
      log.warn(
        { err: error, campaignId: request.campaignId },
        'campaign status changed on Meta, but it could not be read back; stored status set from the request',
      );
      await updateStoredStatus(deps.db, CAMPAIGNS, adAccount.id, request.campaignId, request.status, deps.now());
    }
  }
  return { id: request.campaignId, status: request.status };
}
