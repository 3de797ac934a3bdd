// The Meta operations around campaigns: pages, lead forms, pixels, audiences and targeting search (always live).
import type { Deps } from '../../deps.ts';
import type { HandlerGroup } from '../../http/handler-types.ts';
import { callerOf } from '../../teams/access.ts';
import type { SearchMetaTargetingRequest } from './mapper.ts';
import {
  createLeadForm,
  createPixel,
  listCustomAudiences,
  listLeadForms,
  listPages,
  listPixels,
  listSavedAudiences,
  searchTargeting,
} from './service.ts';

type AssetOperation =
  | 'listMetaPages'
  | 'listMetaLeadForms'
  | 'createMetaLeadForm'
  | 'listMetaPixels'
  | 'createMetaPixel'
  | 'listMetaSavedAudiences'
  | 'listMetaCustomAudiences'
  | 'searchMetaTargeting';

const LIVE = { 'X-Data-Source': 'live' };

export function createMetaAssetHandlers(deps: Deps): HandlerGroup<AssetOperation> {
  return {
    async listMetaPages({ path, query, auth }) {
      const data = await listPages(deps, callerOf(auth), { teamId: path.teamId, adAccountId: query.adAccountId }, query);
      return { status: 200, data, message: 'Pages retrieved', headers: LIVE };
    },
    async listMetaLeadForms({ path, query, auth }) {
      const data = await listLeadForms(deps, callerOf(auth), { teamId: path.teamId, adAccountId: query.adAccountId }, query.pageId, query);
      return { status: 200, data, message: 'Lead forms retrieved', headers: LIVE };
    },
    async createMetaLeadForm({ path, query, body, auth }) {
      const data = await createLeadForm(deps, callerOf(auth), { teamId: path.teamId, adAccountId: query.adAccountId }, body);
      return { status: 201, data, message: 'Lead form created' };
    },
    async listMetaPixels({ path, query, auth }) {
      const data = await listPixels(deps, callerOf(auth), { teamId: path.teamId, adAccountId: query.adAccountId }, query);
      return { status: 200, data, message: 'Pixels retrieved', headers: LIVE };
    },
    async createMetaPixel({ path, query, body, auth }) {
      const data = await createPixel(deps, callerOf(auth), { teamId: path.teamId, adAccountId: query.adAccountId }, body.name);
      return { status: 201, data, message: 'Pixel created' };
    },
    async listMetaSavedAudiences({ path, query, auth }) {
      const data = await listSavedAudiences(deps, callerOf(auth), { teamId: path.teamId, adAccountId: query.adAccountId }, query);
      return { status: 200, data, message: 'Saved audiences retrieved', headers: LIVE };
    },
    async listMetaCustomAudiences({ path, query, auth }) {
      const data = await listCustomAudiences(deps, callerOf(auth), { teamId: path.teamId, adAccountId: query.adAccountId }, query);
      return { status: 200, data, message: 'Custom audiences retrieved', headers: LIVE };
    },
    async searchMetaTargeting({ path, query, body, auth }) {
      // The generated type spells the schema's oneOf as an intersection; the validator has checked the body.
      const data = await searchTargeting(
        deps,
        callerOf(auth),
        { teamId: path.teamId, adAccountId: query.adAccountId },
        body as SearchMetaTargetingRequest,
      );
      return { status: 200, data, message: 'Targeting options retrieved', headers: LIVE };
    },
  };
}
