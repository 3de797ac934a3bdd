// The five Meta campaign-creation operations, one per objective; each creates campaign → ad set → creative → ad.
import type { Deps } from '../../deps.ts';
import type { HandlerGroup } from '../../http/handler-types.ts';
import { callerOf } from '../../teams/access.ts';
import type {
  AwarenessCampaignBody,
  CampaignRequest,
  EngagementCampaignBody,
  LeadCampaignBody,
  SalesCampaignBody,
  TrafficCampaignBody,
} from './build.ts';
import { createMetaCampaign } from './service.ts';

type CreateOperation =
  | 'createMetaLeadCampaign'
  | 'createMetaTrafficCampaign'
  | 'createMetaSalesCampaign'
  | 'createMetaAwarenessCampaign'
  | 'createMetaEngagementCampaign';

export function createMetaCreateHandlers(deps: Deps): HandlerGroup<CreateOperation> {
  const create = async (
    input: {
      path: { teamId: string };
      query: { adAccountId: string };
      auth: Parameters<typeof callerOf>[0];
      log: Parameters<typeof createMetaCampaign>[4];
    },
    request: CampaignRequest,
  ) => {
    const data = await createMetaCampaign(
      deps,
      callerOf(input.auth),
      { teamId: input.path.teamId, adAccountId: input.query.adAccountId },
      request,
      input.log,
    );
    return { status: 201 as const, data, message: 'Campaign created' };
  };
  // The validator has checked each body against its schema; the generated types spell the schemas' anyOf as
  // unions with partial branches, so the bodies are read as the full objects the schemas describe.
  return {
    createMetaLeadCampaign: (input) => create(input, { objective: 'OUTCOME_LEADS', body: input.body as LeadCampaignBody }),
    createMetaTrafficCampaign: (input) => create(input, { objective: 'OUTCOME_TRAFFIC', body: input.body as TrafficCampaignBody }),
    createMetaSalesCampaign: (input) => create(input, { objective: 'OUTCOME_SALES', body: input.body as SalesCampaignBody }),
    createMetaAwarenessCampaign: (input) => create(input, { objective: 'OUTCOME_AWARENESS', body: input.body as AwarenessCampaignBody }),
    createMetaEngagementCampaign: (input) => create(input, { objective: 'OUTCOME_ENGAGEMENT', body: input.body as EngagementCampaignBody }),
  };
}
