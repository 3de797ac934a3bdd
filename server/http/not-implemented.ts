// Operations of the contract that this deployment does not serve yet: each answers 501 NOT_IMPLEMENTED in the
// envelope. This list is the only place that says so; it must be empty once every issue is done.
export const NOT_IMPLEMENTED = [
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
] as const;

export type NotImplementedOperation = (typeof NOT_IMPLEMENTED)[number];
