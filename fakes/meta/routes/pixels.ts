// GET/POST /act_{id}/adspixels. Creation fails once the account owns its maximum number of pixels
// (the error code for that case is UNCONFIRMED in Meta's docs; 6200 is what public clients report).
import { metaTime } from '../../shared/dates.ts';
import { ADS_MANAGEMENT_MESSAGE, ADS_READ_MESSAGE, requireScope } from '../auth.ts';
import type { MetaRoute } from '../context.ts';
import { invalidParam, MetaApiError } from '../errors.ts';
import { parseFields, projectFields } from '../fields.ts';
import { paginate } from '../paging.ts';
import { stringParam } from '../params.ts';
import type { MetaPixel } from '../state.ts';
import { DEFAULT_FIELDS, wireOf } from '../store.ts';
import { usableAccount } from './adobjects.ts';

const listPixels: MetaRoute = {
  method: 'GET',
  pattern: /^\/(act_\d+)\/adspixels$/,
  handler(ctx, req, scope, [actId = '']) {
    const auth = ctx.authenticate(req);
    const account = usableAccount(ctx, req, scope, actId, auth);
    requireScope(auth, ['ads_read', 'ads_management'], ADS_READ_MESSAGE);
    const fields = stringParam(req, 'fields');
    const selected = fields === undefined ? undefined : parseFields(fields);
    const pixels = ctx.state.pixels.filter((p) => p.account_id === account.account_id);
    const page = paginate(req, pixels, (p) => p.id, ctx.baseUrl());
    return {
      json: {
        ...page,
        data: page.data.map((p) =>
          projectFields('adspixel', wireOf(ctx.state, { type: 'adspixel', obj: p }), selected, DEFAULT_FIELDS.adspixel),
        ),
      },
    };
  },
};

const createPixel: MetaRoute = {
  method: 'POST',
  pattern: /^\/(act_\d+)\/adspixels$/,
  handler(ctx, req, scope, [actId = '']) {
    const auth = ctx.authenticate(req);
    const account = usableAccount(ctx, req, scope, actId, auth);
    requireScope(auth, ['ads_management'], ADS_MANAGEMENT_MESSAGE);
    const name = stringParam(req, 'name');
    if (!name || name.trim() === '') throw invalidParam('(#100) The parameter name is required');
    const owned = ctx.state.pixels.filter((p) => p.account_id === account.account_id).length;
    if (owned >= account.pixelLimit) {
      throw new MetaApiError({
        code: 6200,
        message: `(#6200) This ad account already has the maximum number of pixels (${account.pixelLimit})`,
        userTitle: 'Pixel Limit Reached',
        userMsg: 'You can\u2019t create more pixels for this ad account. Use an existing pixel or create one in Business Manager.',
      });
    }
    const id = ctx.newId('1', 16);
    const pixel: MetaPixel = {
      id,
      account_id: account.account_id,
      name,
      code: `<!-- Meta Pixel Code -->\n<script>\nfbq('init', '${id}');\nfbq('track', 'PageView');\n</script>\n<!-- End Meta Pixel Code -->`,
      creation_time: metaTime(ctx.now()),
      is_unavailable: false,
    };
    ctx.state.pixels.push(pixel);
    return { json: { id } };
  },
};

export const pixelRoutes: MetaRoute[] = [listPixels, createPixel];
