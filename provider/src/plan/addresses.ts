// The addresses a cluster's options decide, beside the billable items: outbound IPs (Azure's
// SNAT capacity), addresses the user keeps (billed to their owner, not here) and pinned private
// addresses (not billed). Read from the registrations, as the billable items are.
import { Cloud, componentOf } from "../component/table";
import { parseReference, Registration } from "./mocks";
import { AZURE_LB, listItems as rows, SummaryRow } from "./summary";

type Row = Record<string, unknown>;

/** A value the component did not take from a resource it registered: the user's. */
const given = (value: unknown) =>
    value !== undefined && !(typeof value === "string" && parseReference(value));

const AWS_LB = "aws:lb/loadBalancer:LoadBalancer";
const GCP_RULES = [
    "gcp:compute/forwardingRule:ForwardingRule",
    "gcp:compute/globalForwardingRule:GlobalForwardingRule",
];

const ITEMS: Record<Cloud, Record<string, (resources: Registration[]) => number>> = {
    aws: {
        "Elastic IPs kept (the user's)": (res) =>
            rows(res, AWS_LB, "subnetMappings").filter((m) => given(m.allocationId)).length,
        "pinned private addresses": (res) =>
            rows(res, AWS_LB, "subnetMappings").filter((m) => m.privateIpv4Address).length,
    },
    azure: {
        // Each frontend of an outbound rule gives its pool 64,000 SNAT ports.
        "outbound IPs (64,000 SNAT ports each)": (res) =>
            new Set(
                rows(res, AZURE_LB, "outboundRules").flatMap((o) =>
                    (o.frontendIPConfigurations as Row[]).map((f) => f.id),
                ),
            ).size,
        "public IPs kept (the user's)": (res) =>
            rows(res, AZURE_LB, "frontendIPConfigurations").filter(
                (f) => f.publicIPAddress && given((f.publicIPAddress as Row).id),
            ).length,
        "pinned private addresses": (res) =>
            rows(res, AZURE_LB, "frontendIPConfigurations").filter(
                (f) => f.privateIPAllocationMethod === "Static",
            ).length,
    },
    gcp: {
        // A pinned address reaches its forwarding rules as itself, so reserved ones are left out.
        "addresses kept (the user's)": (res) => {
            const reserved = new Set(
                res.filter((r) => r.type.includes("ddress:")).map((r) => r.inputs.address),
            );
            const taken = res
                .filter((r) => GCP_RULES.includes(r.type) && given(r.inputs.ipAddress))
                .map((r) => r.inputs.ipAddress);
            return new Set(taken.filter((a) => !reserved.has(a))).size;
        },
        "pinned internal addresses": (res) =>
            res.filter(
                (r) =>
                    r.type === "gcp:compute/address:Address" &&
                    r.inputs.addressType === "INTERNAL" &&
                    r.inputs.address !== undefined,
            ).length,
    },
};

export function addressRows(type: string, resources: Registration[]): SummaryRow[] {
    return Object.entries(ITEMS[componentOf(type).cloud]).map(([item, counter]) => ({
        item,
        count: counter(resources),
    }));
}
