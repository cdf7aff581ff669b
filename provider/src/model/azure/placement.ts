// Where the component puts what it creates: the resource group, location and zones, the
// subnet of private frontends and the virtual network of IP-based pools.
import { indexPath, keyPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { AZURE_TAGS } from "./limits";

const ZONES = ["1", "2", "3"];

/** The ID of an Azure resource, for references to what the component does not create. */
export function azureResourceId(
    subscriptionId: string,
    resourceGroupName: string,
    type: string,
    name: string,
): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/${type}/${name}`;
}

export interface AzurePlacement {
    resourceGroupName: Maybe<string>;
    location?: Maybe<string>;
    zones?: Maybe<Maybe<string>[]>;
    subnetId?: Maybe<string>;
    virtualNetworkId?: Maybe<string>;
}

export function readPlacement(
    r: Reader,
    args: Record<string, Raw>,
    internal: boolean,
    /** `apiserver.internal`: a public cluster's internal load balancer takes the subnet too. */
    internalEndpoint = false,
): AzurePlacement {
    const resourceGroupName = r.required(
        r.ref(args.resourceGroupName, "resourceGroupName"),
        args.resourceGroupName,
        "resourceGroupName",
        "give the resource group the component creates its resources in",
    );
    const location = r.ref(args.location, "location");
    const subnetId = r.ref(args.subnetId, "subnetId");
    if (
        (internal || internalEndpoint) &&
        subnetId === undefined &&
        (args.subnetId === undefined || args.subnetId === null)
    ) {
        r.problems.add(
            "subnetId",
            internal
                ? "is required when scheme is internal"
                : "is required with apiserver.internal",
            "give the subnet of the private frontends",
        );
    }
    if (!internal && !internalEndpoint && subnetId !== undefined) {
        r.problems.add(
            "subnetId",
            "is set, but public frontends take no subnet",
            'remove subnetId, set scheme "internal", or add apiserver.internal',
        );
    }
    const virtualNetworkId = r.ref(args.virtualNetworkId, "virtualNetworkId");
    const zones = r.refs(args.zones, "zones");
    if (zones !== undefined && isKnown(zones)) {
        zones.forEach((z, i) => {
            if (!isKnown(z)) return;
            const path = indexPath("zones", i);
            if (!ZONES.includes(z))
                r.problems.add(
                    path,
                    `${JSON.stringify(z)} is not an availability zone`,
                    'use "1", "2" or "3"',
                );
            else if (zones.indexOf(z) !== i)
                r.problems.add(
                    path,
                    `zone ${JSON.stringify(z)} is listed twice`,
                    "remove the duplicate",
                );
        });
    }
    return { resourceGroupName: resourceGroupName!, location, zones, subnetId, virtualNetworkId };
}

/** Azure's tag limits (AZURE_TAGS); the component adds no tags of its own. */
export function checkAzureTags(r: Reader, tags: Record<string, Maybe<string>>): void {
    const entries = Object.entries(tags);
    if (entries.length > AZURE_TAGS.max) {
        r.problems.add(
            "tags",
            `${entries.length} tags exceed Azure's limit of ${AZURE_TAGS.max} per resource`,
            `remove ${entries.length - AZURE_TAGS.max} tag(s)`,
        );
    }
    for (const [name, value] of entries) {
        const path = keyPath("tags", name);
        const bad = AZURE_TAGS.forbidden.filter((c) => name.includes(c));
        if (bad.length > 0) {
            r.problems.add(
                path,
                `contains ${bad.map((c) => JSON.stringify(c)).join(", ")}, which Azure refuses in tag names`,
                `rename the tag without ${AZURE_TAGS.forbidden.join(" ")}, for example with "_" for "/"`,
            );
        }
        if (name.length > AZURE_TAGS.nameLength) {
            r.problems.add(
                path,
                `is a tag name of ${name.length} characters, and Azure takes at most ${AZURE_TAGS.nameLength}`,
                "shorten the tag name",
            );
        }
        if (isKnown(value) && value.length > AZURE_TAGS.valueLength) {
            r.problems.add(
                path,
                `has a value of ${value.length} characters, and Azure takes at most ${AZURE_TAGS.valueLength}`,
                "shorten the tag value",
            );
        }
    }
}
