import { awsStates } from "./aws";
import { CallFn, StateFn } from "./common";

/** Per resource type, what the cloud reports beyond the inputs; enough to wire references. */
export const cloudStates: Record<string, StateFn> = { ...awsStates };

/** Per function token (invokes such as a client config lookup), what the cloud answers. */
export const cloudCalls: Record<string, CallFn> = {};
