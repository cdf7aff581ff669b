// The planners the property tests hold to the same laws, each with the inputs its cloud
// requires besides the shared model and an adapter for its own rules.
import fc from "fast-check";
import { awsInventory, planAws } from "../../provider/src/model/aws";
import { azureInventory, planAzure } from "../../provider/src/model/azure";
import { ClusterSpec } from "../../provider/src/model/cluster";
import { gcpInventory, planGcp } from "../../provider/src/model/gcp";
import { PlanInventory } from "../../provider/src/model/inventory";
import { Problem } from "../../provider/src/model/problems";
import { Raw } from "../../provider/src/model/read";
import { Inputs, maybe, obj, objs } from "../support/inputs";

export interface CloudPlanner {
    cloud: string;
    plan(raw: Raw, name: string): { plan?: { cluster: ClusterSpec }; problems: Problem[] };
    /** The inventory of a plan this planner made. */
    inventory(plan: { cluster: ClusterSpec }): PlanInventory;
    /** Inputs the cloud requires. */
    base: Record<string, unknown>;
    /** Turns a valid shared spec into a valid spec for this cloud; `fc.pre` skips what it rightly rejects. */
    adapt(args: Inputs): Inputs;
}

type Args = Inputs;

/** Applies `change` to every health check of the spec. */
function everyHealthCheck(args: Args, change: (hc: Args) => Args): Args {
    const hc = (owner?: Args) =>
        owner && {
            ...owner,
            ...(owner.healthCheck ? { healthCheck: change(obj(owner, "healthCheck")) } : {}),
        };
    return {
        ...args,
        apiserver: hc(maybe(obj, args, "apiserver")),
        ingress: hc(maybe(obj, args, "ingress")),
        services: objs(args, "services").map((s) => hc(s)),
    };
}

function distinct(values: unknown[]): boolean {
    return new Set(values).size === values.length;
}

function gcp(mode: "passthrough" | "proxy"): CloudPlanner {
    return {
        cloud: `gcp (${mode})`,
        plan: planGcp,
        inventory: gcpInventory,
        base: { region: "us-central1", network: "default", subnetwork: "nodes", mode },
        adapt: (args) =>
            mode === "passthrough"
                ? // The passthrough load balancer cannot remap ports.
                  { ...args, services: objs(args, "services").map(({ targetPort: _, ...s }) => s) }
                : // The proxy is public and TCP only; Cloud Armor filters its clients.
                  {
                      ...args,
                      scheme: "public",
                      services: objs(args, "services").map((s) => ({ ...s, protocol: "TCP" })),
                  },
    };
}

export const PLANNERS: CloudPlanner[] = [
    {
        cloud: "aws",
        plan: planAws,
        inventory: awsInventory,
        base: { vpcId: "vpc-0a1b", subnetIds: ["subnet-a", "subnet-b"] },
        adapt: (args) => args,
    },
    {
        cloud: "azure",
        plan: planAzure,
        inventory: azureInventory,
        base: { resourceGroupName: "rg" },
        adapt: (args) => {
            // Azure refuses two rules of one pool on one backend port and protocol.
            fc.pre(
                distinct(
                    objs(args, "services").map(
                        (s) => `${s.backend}/${s.protocol}/${s.targetPort ?? s.port}`,
                    ),
                ),
            );
            // Azure probes have no timeout and one threshold for both directions.
            const adapted = everyHealthCheck(args, (hc) => ({
                ...hc,
                timeoutSeconds: undefined,
                healthyThreshold: hc.unhealthyThreshold,
            }));
            const azure = {
                ...adapted,
                ...(args.scheme === "internal" ? { subnetId: "/subnets/nodes" } : {}),
            };
            // Two restricted source sets hashing to one NSG slot (or to the apiserver's Deny rule's) are
            // refused, with a base that separates them.
            // Azure's own refusals: frontend port 65535, and a restricted internal apiserver whose
            // nodes only nodeSourceCidrs could name.
            const refused =
                /hash to the same priority|Deny rule for the VirtualNetwork tag take the same|above Azure's highest frontend port|restricts an internal apiserver/;
            fc.pre(
                !planAzure({ resourceGroupName: "rg", ...azure }, "hc").problems.some((x) =>
                    refused.test(x.message),
                ),
            );
            return azure;
        },
    },
    gcp("passthrough"),
    gcp("proxy"),
];
