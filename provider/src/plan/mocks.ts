// The cloud side of an offline plan. Every registration is recorded, and the outputs that
// other resources reference (ARNs, self links, addresses) come back as `${name.attribute}`,
// the way Pulumi YAML writes a reference, so the plan shows what points where. Anything else
// a cloud would report stays unknown, as in a preview.
import * as pulumi from "@pulumi/pulumi";
// Internal to @pulumi/pulumi, and the only way to wait for registrations made inside applies.
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";

// waitForRPCs is exported at run time but left out of the SDK's declarations.
const settings = runtimeSettings as unknown as { waitForRPCs(): Promise<void> };

export interface Registration {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

/** The output attributes the components pass from one resource to another. */
const REFERENCED = [
    "arn",
    "name",
    "dnsName",
    "zoneId",
    "allocationId",
    "publicIp",
    "selfLink",
    "address",
    "ipAddress",
];

const reference = (name: string, attribute: string): string => "${" + `${name}.${attribute}` + "}";

/** Parses `${name.attribute}`; undefined for any other string. */
export function parseReference(value: string): { name: string; attribute: string } | undefined {
    const m = /^\$\{(.+)\.(\w+)\}$/.exec(value);
    return m ? { name: m[1], attribute: m[2] } : undefined;
}

/** The invokes the components make, answered with a placeholder of the same shape. */
const CALLS: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
    // Addresses the user keeps, read by ID: the plan names them as references to the ID.
    "aws:ec2/getElasticIp:getElasticIp": (i) => ({ publicIp: reference(String(i.id), "publicIp") }),
    "azure-native:network:getPublicIPAddress": (i) => ({
        ipAddress: reference(String(i.publicIpAddressName), "ipAddress"),
    }),
    // Azure ID paths start with the subscription, which a preview reads from the credentials.
    "azure-native:authorization:getClientConfig": () => ({
        subscriptionId: "${subscription}",
        tenantId: "${tenant}",
        clientId: "",
        objectId: "",
    }),
};

export class PlanMocks implements pulumi.runtime.Mocks {
    readonly registrations: Registration[] = [];

    newResource(args: pulumi.runtime.MockResourceArgs): {
        id: string;
        state: Record<string, unknown>;
    } {
        if (args.custom !== false)
            this.registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
        const refs = Object.fromEntries(
            REFERENCED.filter((a) => !(a in args.inputs)).map((a) => [a, reference(args.name, a)]),
        );
        return { id: reference(args.name, "id"), state: { ...refs, ...args.inputs } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const answer = CALLS[args.token];
        if (!answer) throw new Error(`the offline plan has no answer for ${args.token}`);
        return answer(args.inputs);
    }
}

/**
 * The one recipe for a run under Pulumi's mock runtime: fresh mocks, the program, then every
 * registration landed (those made inside applies too). Pulumi captures (and under ts-node
 * source-maps) a stack trace for every resource and promise, most of a mock run's time, and
 * none is shown, so capture is off during the run; the caller's own stacks are kept.
 */
export async function runWithMocks<T>(
    mocks: pulumi.runtime.Mocks,
    project: string,
    stack: string,
    preview: boolean,
    program: () => T,
): Promise<T> {
    await pulumi.runtime.setMocks(mocks, project, stack, preview);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        const result = program();
        await settings.waitForRPCs();
        return result;
    } finally {
        Error.stackTraceLimit = limit;
    }
}
