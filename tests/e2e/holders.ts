// What an engine run did to the resources that hold an address clients reach.
import { Step } from "./engine";

/**
 * Resource types that hold an address clients reach (a DNS record points at one). Forwarding
 * rules carry one frontend's ports on GCP's reserved address: replacing one interrupts that
 * frontend, deleting one is the removal of that frontend (docs/pr-check.jq likewise).
 */
const SHARED_HOLDERS = [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:ec2/eip:Eip",
    "aws:route53/record:Record",
    "azure-native:network:PublicIPAddress",
    "azure-native:network:LoadBalancer",
    "gcp:compute/address:Address",
    "gcp:compute/globalAddress:GlobalAddress",
];
const FRONTEND_HOLDERS = [
    "gcp:compute/forwardingRule:ForwardingRule",
    "gcp:compute/globalForwardingRule:GlobalForwardingRule",
];

/** What one edit did in the preview. */
export interface Effect {
    create: number;
    update: number;
    replace: number;
    delete: number;
    /** Address holders replaced or deleted, as `<op> <type>::<name>`. */
    holders: string[];
    /** The inputs the component's preview-time warnings name. */
    warned?: string[];
    /** The component's refusal (an input error naming the input and the fix), if any. */
    refused?: string;
}

export function effect(steps: Step[]): Effect {
    const ops = (...names: string[]) =>
        steps.filter((s) => names.includes(s.op) && s.type !== "pulumi:pulumi:Stack");
    const replaced = ops("replace", "create-replacement").filter(
        (s, i, all) => all.findIndex((o) => o.urn === s.urn) === i,
    );
    return {
        create: ops("create").length,
        update: ops("update").length,
        replace: replaced.length,
        delete: ops("delete").length,
        holders: [
            ...replaced
                .filter((s) => [...SHARED_HOLDERS, ...FRONTEND_HOLDERS].includes(s.type))
                .map((s) => `replace ${s.type}::${s.name}`),
            ...ops("delete")
                .filter((s) => SHARED_HOLDERS.includes(s.type))
                .map((s) => `delete ${s.type}::${s.name}`),
        ].sort(),
    };
}
