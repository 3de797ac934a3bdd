// Creating a complete Meta campaign: campaign → ad set → creative → ad, each with the id of the one before, with
// the connection's token, on behalf of a MANAGER of the ad account or a team admin. Nothing is left half-built:
// when a step fails, the objects already created are deleted at Meta newest first, and the error names the step
// (`details[0].step`, Meta's code and message) and every object that could not be deleted (`step: cleanup`,
// `objectId`). A step that timed out may have created its object without our learning its id; that one cannot
// be cleaned up (the contract tells the caller to check the ad account). Nothing is stored in Adlyft.
import type { components } from '../../../generated/schema.d.ts';
import { setConnectionStatus } from '../../connections/repository.ts';
import { AppError, type ErrorDetail } from '../../http/errors.ts';
import type { Logger } from '../../http/logger.ts';
import { statusAfterUpstreamError } from '../../permissions/access.ts';
import type { Caller } from '../../teams/access.ts';
import { isUpstreamError, toAppError, type UpstreamError } from '../../upstream/errors.ts';
import type { MetaParams } from '../../upstream/meta/client.ts';
import { type MetaAccount, type MetaDeps, openMetaAccount } from '../assets/account.ts';
import { type CampaignRequest, draftCampaign } from './build.ts';

export type CampaignCreationResult = components['schemas']['MetaCampaignCreationResult'];
export type CreationStep = 'campaign' | 'adset' | 'creative' | 'ad';

const STEP: Readonly<Record<CreationStep, { edge: string; label: string }>> = {
  campaign: { edge: 'campaigns', label: 'campaign' },
  adset: { edge: 'adsets', label: 'ad set' },
  creative: { edge: 'adcreatives', label: 'ad creative' },
  ad: { edge: 'ads', label: 'ad' },
};

interface CreatedObject {
  step: CreationStep;
  id: string;
}

const platformCodeOf = (error: UpstreamError): string | undefined =>
  error.details[0]?.code ?? (error.platformCode === undefined ? undefined : String(error.platformCode));

/** Deletes what was created, newest first; answers a `cleanup` detail for each object that is still there. */
async function compensate(account: MetaAccount, created: readonly CreatedObject[], log: Logger): Promise<ErrorDetail[]> {
  const left: ErrorDetail[] = [];
  for (const object of [...created].reverse()) {
    try {
      await account.client.delete(object.id);
    } catch (error) {
      const reason = isUpstreamError(error) ? error.message : 'unexpected failure';
      log.warn({ step: object.step, objectId: object.id, reason }, 'campaign creation: could not delete a created object');
      const detail: ErrorDetail = {
        step: 'cleanup',
        objectId: object.id,
        message: `The ${STEP[object.step].label} ${object.id} could not be deleted and is left in the ad account: ${reason}`,
      };
      const code = isUpstreamError(error) ? platformCodeOf(error) : undefined;
      if (code !== undefined) detail.code = code;
      left.push(detail);
    }
  }
  return left;
}

/** The error for a failed step: its own status and code, the step, Meta's code and message, what is left. */
async function stepFailure(
  deps: MetaDeps,
  account: MetaAccount,
  step: CreationStep,
  error: UpstreamError,
  left: ErrorDetail[],
): Promise<AppError> {
  const failed: ErrorDetail = { step, message: error.message };
  const code = platformCodeOf(error);
  if (code !== undefined) failed.code = code;
  const details = [failed, ...left];
  const message = `Creating the ${STEP[step].label} failed${left.length > 0 ? ' and some created objects could not be deleted' : ''}: ${error.publicMessage}`;
  const connectionStatus = statusAfterUpstreamError(error);
  if (connectionStatus) {
    await setConnectionStatus(deps.db, account.connection.id, connectionStatus, deps.now());
    return new AppError(
      401,
      'CONNECTION_EXPIRED',
      `${message}. Meta no longer accepts the connection's token; a team admin must connect again`,
      details,
    );
  }
  const mapped = toAppError(error);
  return new AppError(mapped.status, mapped.code, message, details, mapped.headers);
}

export async function createMetaCampaign(
  deps: MetaDeps,
  caller: Caller,
  target: { teamId: string; adAccountId: string },
  request: CampaignRequest,
  log: Logger,
): Promise<CampaignCreationResult> {
  const account = await openMetaAccount(deps, caller, { ...target, need: 'write' });
  const draft = draftCampaign(request, { currency: account.adAccount.currency, now: deps.now() });
  const created: CreatedObject[] = [];
  const progress: { step: CreationStep } = { step: 'campaign' };
  const create = async (next: CreationStep, params: MetaParams): Promise<string> => {
    progress.step = next;
    const answer = await account.client.post<{ id?: unknown }>(`${account.actId}/${STEP[next].edge}`, params);
    if (typeof answer?.id !== 'string' || answer.id === '') throw new Error(`Meta answered the ${STEP[next].label} creation without an id`);
    created.push({ step: next, id: answer.id });
    return answer.id;
  };
  try {
    const campaignId = await create('campaign', draft.campaign);
    const adSetId = await create('adset', draft.adSet(campaignId));
    const creativeId = await create('creative', draft.creative);
    const adId = await create('ad', draft.ad(adSetId, creativeId));
    return { campaignId, adSetId, creativeId, adId, status: draft.status };
  } catch (error) {
    const left = await compensate(account, created, log);
    log.warn(
      { objective: request.objective, step: progress.step, created: created.map((o) => o.id), leftBehind: left.map((d) => d.objectId) },
      'campaign creation failed; created objects deleted newest first',
    );
    if (!isUpstreamError(error)) throw error;
    throw await stepFailure(deps, account, progress.step, error, left);
  }
}
