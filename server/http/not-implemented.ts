// Operations of the contract that this deployment does not serve yet: each answers 501 NOT_IMPLEMENTED in the
// envelope. This list is the only place that says so; it must be empty once every issue is done.
export const NOT_IMPLEMENTED = [] as const;

export type NotImplementedOperation = (typeof NOT_IMPLEMENTED)[number];
