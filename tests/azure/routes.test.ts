// AzureHaCluster's user-defined routes: in an existing route table or a created one.
import * as assert from "assert";
import { valueOf } from "../support/harness";
import { armId, cluster, RG, T } from "./support";

const routes = [
    {
        name: "to-firewall",
        addressPrefix: "0.0.0.0/0",
        nextHopType: "VirtualAppliance",
        nextHopIpAddress: "10.0.9.4",
    },
    { name: "blackhole-v6", addressPrefix: "2001:DB8:0::/48", nextHopType: "None" },
];

const summary = (r: Awaited<ReturnType<typeof cluster>>["r"]) =>
    [...r.ofType(T.route)]
        .sort((a, b) => b.name.localeCompare(a.name))
        .map((x) => [
            x.name,
            x.inputs.routeTableName,
            x.inputs.routeName,
            x.inputs.addressPrefix,
            x.inputs.nextHopType,
            x.inputs.nextHopIpAddress,
        ]);

describe("AzureHaCluster routes", () => {
    it("land in an existing route table when one is named, and create none", async () => {
        const { r, c } = await cluster({ routeTableName: "rt-nodes", routes });
        assert.deepStrictEqual(r.ofType(T.routeTable), []);
        assert.deepStrictEqual(summary(r), [
            [
                "demo-route-to-firewall",
                "rt-nodes",
                "to-firewall",
                "0.0.0.0/0",
                "VirtualAppliance",
                "10.0.9.4",
            ],
            [
                "demo-route-blackhole-v6",
                "rt-nodes",
                "blackhole-v6",
                "2001:db8::/48",
                "None",
                undefined,
            ],
        ]);
        assert.ok(r.ofType(T.route).every((x) => x.inputs.resourceGroupName === RG));
        assert.strictEqual(await valueOf(c.routeTableId), armId("routeTables", "rt-nodes"));
    });

    it("land in a created route table otherwise, which is output", async () => {
        const { r, c } = await cluster({ clusterName: "typhoon", routes });
        const [table, ...more] = r.ofType(T.routeTable);
        assert.strictEqual(more.length, 0);
        assert.deepStrictEqual(
            [table.name, table.inputs.routeTableName, table.inputs.routes],
            ["demo-routes", "typhoon-routes", undefined],
        );
        assert.deepStrictEqual(
            summary(r).map((x) => x[1]),
            ["typhoon-routes", "typhoon-routes"],
        );
        assert.strictEqual(await valueOf(c.routeTableId), "demo-routes-id");
    });

    it("create no route table without routes", async () => {
        const { r, c } = await cluster({ routeTableName: "rt-nodes" });
        assert.deepStrictEqual([r.ofType(T.routeTable).length, r.ofType(T.route).length], [0, 0]);
        assert.strictEqual(await valueOf(c.routeTableId), "");
    });
});
