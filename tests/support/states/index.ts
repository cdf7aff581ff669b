import { awsStates } from "./aws";
import { StateFn } from "./common";

/** Per resource type, what the cloud reports beyond the inputs; enough to wire references. */
export const cloudStates: Record<string, StateFn> = { ...awsStates };
