// Where the load balancer goes (project, region, network, subnetwork) and the labels on
// everything the component creates.
import { keyPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { MAX_LABELS } from "./limits";

const REGION = /^[a-z]+-[a-z]+[0-9]+$/;

const LABEL_KEY = /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;

const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

export function checkLabels(r: Reader, tags: Record<string, Maybe<string>>): void {
    const entries = Object.entries(tags);
    if (entries.length > MAX_LABELS)
        r.problems.add(
            "tags",
            `${entries.length} labels exceed the Google Cloud limit of ${MAX_LABELS}`,
            "remove labels",
        );
    for (const [key, value] of entries) {
        if (!LABEL_KEY.test(key)) {
            r.problems.add(
                keyPath("tags", key),
                `${JSON.stringify(key)} is not a Google Cloud label key`,
                'start the key with a lowercase letter and use only lowercase letters, digits, "_" and "-", at most 63 characters',
            );
        } else if (isKnown(value) && !LABEL_VALUE.test(value)) {
            r.problems.add(
                keyPath("tags", key),
                `${JSON.stringify(value)} is not a Google Cloud label value`,
                'use only lowercase letters, digits, "_" and "-", at most 63 characters',
            );
        }
    }
}

export interface GcpPlacement {
    project?: Maybe<string>;
    region: Maybe<string>;
    network: Maybe<string>;
    subnetwork?: Maybe<string>;
}

export function readPlacement(r: Reader, args: Record<string, Raw>): GcpPlacement {
    const project = r.ref(args.project, "project");
    const region = r.required(
        r.ref(args.region, "region"),
        args.region,
        "region",
        'give the region of the nodes, such as "us-central1"',
    );
    if (region !== undefined && isKnown(region) && !REGION.test(region)) {
        r.problems.add(
            "region",
            `${JSON.stringify(region)} is not a Google Cloud region`,
            'use a region name such as "us-central1"',
        );
    }
    const network = r.required(
        r.ref(args.network, "network"),
        args.network,
        "network",
        "give the VPC network of the nodes",
    );
    const subnetwork = r.ref(args.subnetwork, "subnetwork");
    return { project, region: region!, network: network!, subnetwork };
}
