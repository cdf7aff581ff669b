// Where the NLB goes (the VPC and its subnets) and the tags on everything it creates.
import { ClusterSpec } from "../cluster";
import { keyPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { AWS_MAX_TAGS } from "./limits";
import { checkDistinct } from "./targets";

export function checkTags(r: Reader, tags: ClusterSpec["tags"]): void {
    for (const key of Object.keys(tags)) {
        if (key.toLowerCase().startsWith("aws:")) {
            r.problems.add(
                keyPath("tags", key),
                'starts with "aws:", which AWS reserves for its own tags',
                "rename the tag key",
            );
        }
    }
    const count = Object.keys(tags).length;
    // The component adds no tags of its own; the provider's defaultTags count too.
    if (count > AWS_MAX_TAGS) {
        r.problems.add(
            "tags",
            `${count} tags exceed AWS's limit of ${AWS_MAX_TAGS} per resource`,
            `remove ${count - AWS_MAX_TAGS} tag(s)`,
        );
    }
}

export function readPlacement(
    r: Reader,
    args: Record<string, Raw>,
): { vpcId: Maybe<string>; subnetIds: Maybe<Maybe<string>[]> } {
    const vpcId = r.ref(args.vpcId, "vpcId");
    if (vpcId === undefined && (args.vpcId === undefined || args.vpcId === null))
        r.problems.add("vpcId", "is required", "give the VPC of the nodes");
    const subnetIds = r.refs(args.subnetIds, "subnetIds");
    if (subnetIds === undefined || (isKnown(subnetIds) && subnetIds.length === 0)) {
        r.problems.add("subnetIds", "is empty", "give one subnet per availability zone");
    }
    checkDistinct(r, subnetIds ?? [], "subnetIds", "subnet");
    return { vpcId: vpcId!, subnetIds: subnetIds! };
}
