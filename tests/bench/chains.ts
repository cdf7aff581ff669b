// The bench's pure computations on a deployed stack's state: the longest chain of create times
// that the resources' dependencies impose, and the same chain over only the dependencies that
// the cloud's API itself requires. No timing, no engine: a state export in, chains out.

/** One resource of `pulumi stack export`'s `deployment.resources`. */
export interface StateResource {
    urn: string;
    type: string;
    custom?: boolean;
    parent?: string;
    /** Everything the engine waits for before creating this resource (inputs and dependsOn). */
    dependencies?: string[];
    /** The resources each input property refers to. */
    propertyDependencies?: Record<string, string[]>;
}

export interface Chain {
    /** The sum of the chain's weights (create times). */
    weight: number;
    /** `<Type> <weight>`, first created first. */
    chain: string[];
}

/**
 * The properties whose value the cloud's create call needs from another resource (an ID, ARN,
 * name or address it returns), per resource type. A dependency through any other property,
 * through dependsOn or through a component parent is one the component adds beyond the API.
 */
const API_REFERENCES: Record<string, string[]> = {
    // CreateLoadBalancer takes SecurityGroups and SubnetMappings[].AllocationId (the EIPs):
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
    "aws:lb/loadBalancer:LoadBalancer": ["securityGroups", "subnetMappings"],
    // CreateListener takes LoadBalancerArn and DefaultActions[].TargetGroupArn:
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html
    "aws:lb/listener:Listener": ["loadBalancerArn", "defaultActions"],
    // RegisterTargets takes TargetGroupArn:
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RegisterTargets.html
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": ["targetGroupArn"],
    // AuthorizeSecurityGroupIngress/Egress take GroupId and a referenced group's ID:
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": [
        "securityGroupId",
        "referencedSecurityGroupId",
    ],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": [
        "securityGroupId",
        "referencedSecurityGroupId",
    ],
    // ChangeResourceRecordSets' AliasTarget takes the load balancer's DNSName and HostedZoneId:
    // https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html
    "aws:route53/record:Record": ["aliases"],
    // Load balancer frontends name their public IP's ID; security rules name their group:
    // https://learn.microsoft.com/rest/api/load-balancer/load-balancers/create-or-update
    // https://learn.microsoft.com/rest/api/virtualnetwork/security-rules/create-or-update
    "azure-native:network:LoadBalancer": ["frontendIPConfigurations"],
    "azure-native:network:SecurityRule": ["networkSecurityGroupName"],
    // A forwarding rule names its backend service or target and its address; a backend service
    // its health checks and instance groups; a target TCP proxy its backend service:
    // https://cloud.google.com/compute/docs/reference/rest/v1/forwardingRules
    // https://cloud.google.com/compute/docs/reference/rest/v1/regionBackendServices
    // https://cloud.google.com/compute/docs/reference/rest/v1/targetTcpProxies
    "gcp:compute/forwardingRule:ForwardingRule": ["backendService", "target", "ipAddress"],
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": ["target", "ipAddress"],
    "gcp:compute/regionBackendService:RegionBackendService": ["healthChecks", "backends"],
    "gcp:compute/backendService:BackendService": ["healthChecks", "backends", "securityPolicy"],
    "gcp:compute/targetTCPProxy:TargetTCPProxy": ["backendService"],
    // A firewall's destination and source ranges are IP ranges, such as a frontend's address:
    // https://cloud.google.com/compute/docs/reference/rest/v1/firewalls
    "gcp:compute/firewall:Firewall": ["destinationRanges", "sourceRanges"],
};

/** What the engine waits for before a create: every dependency the state records. */
export const engineEdges = (r: StateResource): string[] => r.dependencies ?? [];

/** What the cloud's API waits for: the dependencies of the properties it needs filled in. */
export const apiEdges = (r: StateResource): string[] =>
    (API_REFERENCES[r.type] ?? []).flatMap((p) => r.propertyDependencies?.[p] ?? []);

/** The cloud resources of a state, without the stack and provider resources. */
const customs = (resources: StateResource[]) =>
    resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"));

/**
 * The cloud resources each one waits for along `edges`: a dependency on a component stands for
 * every cloud resource under it, as the engine waits for all of them.
 */
function waitsFor(
    resources: StateResource[],
    edges: (r: StateResource) => string[],
): (r: StateResource) => StateResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, string[]>();
    for (const r of resources)
        if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.urn]);
    const customsUnder = (urn: string): string[] =>
        byUrn.get(urn)?.custom ? [urn] : (children.get(urn) ?? []).flatMap(customsUnder);
    return (r) =>
        edges(r)
            .flatMap(customsUnder)
            .map((u) => byUrn.get(u)!);
}

/** The longest chain of weights along `edges`: each resource finishes its own weight after the latest of those it waits for. */
export function longestChain(
    resources: StateResource[],
    weight: (type: string) => number,
    edges: (r: StateResource) => string[],
): Chain {
    const before = waitsFor(resources, edges);
    const none: Chain = { weight: 0, chain: [] };
    const longer = (a: Chain, b: Chain) => (b.weight > a.weight ? b : a);
    const memo = new Map<string, Chain>();
    const finish = (r: StateResource): Chain => {
        const known = memo.get(r.urn);
        if (known) return known;
        const last = before(r).map(finish).reduce(longer, none);
        const own = weight(r.type);
        const result = {
            weight: last.weight + own,
            chain: [...last.chain, `${r.type.split(":").pop()} ${own}`],
        };
        memo.set(r.urn, result);
        return result;
    };
    return customs(resources).map(finish).reduce(longer, none);
}

/**
 * When the last resource finishes if at most `slots` creates run at once (the CLI's
 * `--parallel`): the engine's step executor has that many workers, each taking the next
 * resource whose dependencies are done, first come first served (pkg/resource/deploy/
 * step_executor.go in pulumi/pulumi at v3.259.0). With slots enough it is the longest chain.
 */
export function scheduledSpan(
    resources: StateResource[],
    weight: (type: string) => number,
    edges: (r: StateResource) => string[],
    slots: number,
): number {
    const before = waitsFor(resources, edges);
    const waiting = customs(resources);
    const done = new Set<string>();
    const ready: StateResource[] = [];
    let running: { r: StateResource; end: number }[] = [];
    let now = 0;
    for (;;) {
        for (const r of waiting.filter((w) => before(w).every((d) => done.has(d.urn)))) {
            ready.push(r);
            waiting.splice(waiting.indexOf(r), 1);
        }
        while (running.length < slots && ready.length)
            running.push(((r) => ({ r, end: now + weight(r.type) }))(ready.shift()!));
        if (!running.length) break;
        now = Math.min(...running.map((x) => x.end));
        for (const x of running.filter((y) => y.end === now)) done.add(x.r.urn);
        running = running.filter((y) => y.end !== now);
    }
    if (waiting.length) throw new Error(`a dependency cycle among ${waiting.length} resources`);
    return now;
}

/** Dependencies the engine waits for that the API does not need, as `<from type> -> <to type>`. */
export function extraEdges(resources: StateResource[]): string[] {
    const typeOf = new Map(resources.map((r) => [r.urn, r.type]));
    const extra = new Set<string>();
    for (const r of customs(resources)) {
        const needed = new Set(apiEdges(r));
        for (const d of engineEdges(r))
            if (!needed.has(d)) extra.add(`${r.type} -> ${typeOf.get(d)}`);
    }
    return [...extra].sort();
}
