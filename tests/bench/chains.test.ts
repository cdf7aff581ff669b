// The bench's chain computations on a small hand-made state: an NLB behind a security group,
// a target group, and a listener that needs both, under a component.
import * as assert from "assert";
import {
    apiEdges,
    engineEdges,
    extraEdges,
    longestChain,
    scheduledSpan,
    StateResource,
} from "./chains";

const urn = (type: string, name: string) => `urn:pulumi:s::p::${type}::${name}`;
const COMPONENT = urn("hacluster:index:AwsHaCluster", "c");
const SG = urn("aws:ec2/securityGroup:SecurityGroup", "sg");
const LB = urn("aws:lb/loadBalancer:LoadBalancer", "lb");
const TG = urn("aws:lb/targetGroup:TargetGroup", "tg");
const LISTENER = urn("aws:lb/listener:Listener", "l");
const typeOf = (u: string) => u.split("::")[2];

const WEIGHTS: Record<string, number> = {
    "aws:ec2/securityGroup:SecurityGroup": 3,
    "aws:lb/loadBalancer:LoadBalancer": 180,
    "aws:lb/targetGroup:TargetGroup": 2,
    "aws:lb/listener:Listener": 2,
};
const weight = (type: string) => WEIGHTS[type] ?? 0;

function state(extra: Partial<Record<string, Partial<StateResource>>> = {}): StateResource[] {
    const r = (u: string, deps: Record<string, string[]> = {}): StateResource => ({
        urn: u,
        type: typeOf(u),
        custom: true,
        parent: COMPONENT,
        propertyDependencies: deps,
        dependencies: [...new Set(Object.values(deps).flat())],
        ...extra[u],
    });
    return [
        { urn: COMPONENT, type: typeOf(COMPONENT), custom: false },
        r(SG),
        r(LB, { securityGroups: [SG] }),
        r(TG),
        r(LISTENER, { loadBalancerArn: [LB], defaultActions: [TG] }),
    ];
}

describe("bench dependency chains", () => {
    it("weighs the longest chain of the state's dependencies", () => {
        const chain = longestChain(state(), weight, engineEdges);
        assert.deepStrictEqual(chain, {
            weight: 185,
            chain: ["SecurityGroup 3", "LoadBalancer 180", "Listener 2"],
        });
    });

    it("finds the API's chain equal when the component adds nothing", () => {
        const resources = state();
        assert.strictEqual(longestChain(resources, weight, apiEdges).weight, 185);
        assert.deepStrictEqual(extraEdges(resources), []);
    });

    it("counts a dependency on a component as waiting for every resource under it", () => {
        // The target group waits for a component that holds the security group and the NLB (a
        // dependsOn): the API does not need it, and it lengthens the chain.
        const FRONT = urn("bench:index:Front", "front");
        const resources = state({
            [SG]: { parent: FRONT },
            [LB]: { parent: FRONT },
            [TG]: { dependencies: [FRONT] },
        });
        resources.push({ urn: FRONT, type: typeOf(FRONT), custom: false, parent: COMPONENT });
        assert.deepStrictEqual(longestChain(resources, weight, engineEdges), {
            weight: 187,
            chain: ["SecurityGroup 3", "LoadBalancer 180", "TargetGroup 2", "Listener 2"],
        });
        assert.strictEqual(longestChain(resources, weight, apiEdges).weight, 185);
        assert.deepStrictEqual(extraEdges(resources), [
            "aws:lb/targetGroup:TargetGroup -> bench:index:Front",
        ]);
    });

    it("leaves out of the API's chain a reference through a property the API does not need", () => {
        // The NLB's name made from the security group's ID: the engine waits, the API would not.
        const resources = state({
            [LB]: { propertyDependencies: { name: [SG] }, dependencies: [SG] },
        });
        assert.strictEqual(longestChain(resources, weight, engineEdges).weight, 185);
        assert.strictEqual(longestChain(resources, weight, apiEdges).weight, 182);
        assert.deepStrictEqual(extraEdges(resources), [
            "aws:lb/loadBalancer:LoadBalancer -> aws:ec2/securityGroup:SecurityGroup",
        ]);
    });

    it("schedules the creates on as many workers as --parallel allows", () => {
        const resources = state();
        // One worker: every create in turn (3 + 180 + 2 + 2).
        assert.strictEqual(scheduledSpan(resources, weight, engineEdges, 1), 187);
        // Two: the target group beside the security group, then the chain alone.
        assert.strictEqual(scheduledSpan(resources, weight, engineEdges, 2), 185);
        assert.strictEqual(scheduledSpan(resources, weight, engineEdges, 1000), 185);
    });

    it("lengthens the span when more creates wait on one resource than there are workers", () => {
        // Four listeners become ready when the NLB is done, at 183 s: two workers take two rounds.
        const resources = state();
        const listener = resources.find((r) => r.urn === LISTENER)!;
        for (const n of [2, 3, 4])
            resources.push({ ...listener, urn: urn("aws:lb/listener:Listener", `l${n}`) });
        assert.strictEqual(scheduledSpan(resources, weight, engineEdges, 2), 187);
        assert.strictEqual(scheduledSpan(resources, weight, engineEdges, 4), 185);
        assert.strictEqual(longestChain(resources, weight, engineEdges).weight, 185);
    });

    it("counts a firewall's destination range from an address as the API's", () => {
        // A GCP firewall opened to a frontend's address names that address's IP in destinationRanges.
        const ADDRESS = urn("gcp:compute/address:Address", "a");
        const FIREWALL = urn("gcp:compute/firewall:Firewall", "f");
        const resources: StateResource[] = [
            { urn: ADDRESS, type: typeOf(ADDRESS), custom: true },
            {
                urn: FIREWALL,
                type: typeOf(FIREWALL),
                custom: true,
                propertyDependencies: { destinationRanges: [ADDRESS] },
                dependencies: [ADDRESS],
            },
        ];
        assert.deepStrictEqual(extraEdges(resources), []);
    });
});
