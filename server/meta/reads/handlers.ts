// The Meta ad-object lists, insights and campaign status change. Reads say where their answer came from in
// `X-Data-Source` (`cache`: Adlyft's imported copy, no Meta call; `live`: Meta was called).
import type { Deps } from '../../deps.ts';
import type { HandlerGroup } from '../../http/handler-types.ts';
import { callerOf } from '../../teams/access.ts';
import {
  AD_CREATIVES,
  AD_SETS,
  ADS,
  CAMPAIGNS,
  type MetaAd,
  type MetaAdCreative,
  type MetaAdSet,
  type MetaCampaign,
} from '../shared/objects.ts';
import { updateMetaCampaignStatus } from './campaign-status.ts';
import { getMetaInsights } from './insights.ts';
import { type DataSource, listMetaObjects } from './service.ts';

type ReadOperation =
  | 'listMetaCampaigns'
  | 'listMetaAdSets'
  | 'listMetaAds'
  | 'listMetaAdCreatives'
  | 'getMetaInsights'
  | 'updateMetaCampaignStatus';

const sourceHeader = (source: DataSource) => ({ 'X-Data-Source': source });

export function createMetaReadHandlers(deps: Deps): HandlerGroup<ReadOperation> {
  return {
    async listMetaCampaigns({ path, query, auth }) {
      const { items, paging, source } = await listMetaObjects<MetaCampaign>(deps, callerOf(auth), CAMPAIGNS, {
        teamId: path.teamId,
        adAccountId: query.adAccountId,
        fields: query.fields,
        limit: query.limit,
        after: query.after,
        ids: { campaignId: query.campaignId },
      });
      return { status: 200, data: { items, paging }, message: 'Campaigns retrieved', headers: sourceHeader(source) };
    },
    async listMetaAdSets({ path, query, auth }) {
      const { items, paging, source } = await listMetaObjects<MetaAdSet>(deps, callerOf(auth), AD_SETS, {
        teamId: path.teamId,
        adAccountId: query.adAccountId,
        fields: query.fields,
        limit: query.limit,
        after: query.after,
        ids: { campaignId: query.campaignId, adSetId: query.adSetId },
      });
      return { status: 200, data: { items, paging }, message: 'Ad sets retrieved', headers: sourceHeader(source) };
    },
    async listMetaAds({ path, query, auth }) {
      const { items, paging, source } = await listMetaObjects<MetaAd>(deps, callerOf(auth), ADS, {
        teamId: path.teamId,
        adAccountId: query.adAccountId,
        fields: query.fields,
        limit: query.limit,
        after: query.after,
        ids: { adId: query.adId, campaignId: query.campaignId, adSetId: query.adSetId },
      });
      return { status: 200, data: { items, paging }, message: 'Ads retrieved', headers: sourceHeader(source) };
    },
    async listMetaAdCreatives({ path, query, auth }) {
      const { items, paging, source } = await listMetaObjects<MetaAdCreative>(deps, callerOf(auth), AD_CREATIVES, {
        teamId: path.teamId,
        adAccountId: query.adAccountId,
        fields: query.fields,
        limit: query.limit,
        after: query.after,
        ids: { adCreativeId: query.adCreativeId },
      });
      return { status: 200, data: { items, paging }, message: 'Ad creatives retrieved', headers: sourceHeader(source) };
    },
    async getMetaInsights({ path, query, auth }) {
      const { report, source } = await getMetaInsights(deps, callerOf(auth), {
        teamId: path.teamId,
        adAccountId: query.adAccountId,
        level: query.level,
        fields: query.fields,
        breakdowns: query.breakdowns,
        datePreset: query.datePreset,
        since: query.since,
        until: query.until,
        timeIncrement: query.timeIncrement,
        limit: query.limit,
        after: query.after,
      });
      return { status: 200, data: report, message: 'Insights retrieved', headers: sourceHeader(source) };
    },
    async updateMetaCampaignStatus({ path, query, body, auth, log }) {
      const data = await updateMetaCampaignStatus(
        deps,
        callerOf(auth),
        { teamId: path.teamId, adAccountId: query.adAccountId, campaignId: path.campaignId, status: body.status },
        log,
      );
      return { status: 200, data, message: 'Campaign status updated' };
    },
  };
}
