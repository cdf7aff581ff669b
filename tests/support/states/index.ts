import { awsCalls, awsStates } from "./aws";
import { azureCalls, azureStates } from "./azure";
import { CallFn, StateFn } from "./common";
import { gcpStates } from "./gcp";

/** Per resource type, what the cloud reports beyond the inputs; enough to wire references. */
export const cloudStates: Record<string, StateFn> = { ...awsStates, ...azureStates, ...gcpStates };

/** Per function token (invokes such as a client config lookup), what the cloud answers. */
export const cloudCalls: Record<string, CallFn> = { ...awsCalls, ...azureCalls };
