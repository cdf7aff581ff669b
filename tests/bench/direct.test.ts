// The engine figures' baseline declares the component's resources directly; it must keep the
// component's dependencies, or its `up` would create everything at once, as no real program can.
import * as assert from "assert";
import { cluster } from "./clusters";
import {
    declareDirectly,
    DirectResource,
    registrations,
    registrationsWithDependencies,
} from "./direct";
import type { Cloud } from "./engine";

const sorted = (deps: Record<string, string[]>) =>
    Object.fromEntries(
        Object.entries(deps)
            .filter(([, urns]) => urns.length)
            .map(([p, urns]): [string, string[]] => [p, [...urns].sort()])
            .sort(([a], [b]) => a.localeCompare(b)),
    );
const byKey = (rs: DirectResource[]) => new Map(rs.map((r) => [`${r.type}::${r.name}`, r]));

describe("the bench's resources declared directly", function () {
    this.timeout(60_000);

    for (const cloud of ["aws", "azure", "gcp"] as Cloud[]) {
        it(`wait for every resource the ${cloud} component wired into each`, async () => {
            const ours = await registrations(cloud, cluster(cloud, 2));
            const declared = new Set(ours.map((r) => `${r.type}::${r.name}`));
            const theirs = byKey(
                await registrationsWithDependencies(() => declareDirectly(cloud, ours)),
            );
            assert.strictEqual(theirs.size, ours.length);
            for (const r of ours) {
                const twin = theirs.get(`${r.type}::${r.name}`)!;
                assert.deepStrictEqual(twin.inputs, r.inputs, r.name);
                const wired = [...Object.values(r.propertyDependencies).flat(), ...r.dependencies];
                assert.deepStrictEqual(
                    [...new Set(twin.dependencies)].sort(),
                    [...new Set(wired.filter((k) => declared.has(k)))].sort(),
                    r.name,
                );
            }
            assert.ok(ours.some((r) => Object.values(r.propertyDependencies).flat().length));
        });
    }

    it("wire an AWS listener to its load balancer and target group", async () => {
        const ours = await registrations("aws", cluster("aws", 0));
        const listener = ours.find((r) => r.name === "bench-apiserver-listener")!;
        assert.deepStrictEqual(sorted(listener.propertyDependencies), {
            defaultActions: ["aws:lb/targetGroup:TargetGroup::bench-apiserver-tg"],
            loadBalancerArn: ["aws:lb/loadBalancer:LoadBalancer::bench-nlb"],
        });
    });
});
