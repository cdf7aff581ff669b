// Shared by the AzureHaCluster scenarios: the registered types, a builder, and a reader of
// the load balancer's inline children that follows references through their ID paths.
import * as assert from "assert";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { AzureHaClusterArgs } from "../../provider/src/generated/types";
import { build, Recorder, Registered } from "../support/harness";
import { Inputs, maybe, objs, str } from "../support/inputs";
import { AZURE_SUBSCRIPTION } from "../support/states/azure";

export const T = {
    lb: "azure-native:network:LoadBalancer",
    publicIp: "azure-native:network:PublicIPAddress",
    nsg: "azure-native:network:NetworkSecurityGroup",
    nsgRule: "azure-native:network:SecurityRule",
    routeTable: "azure-native:network:RouteTable",
    route: "azure-native:network:Route",
};

export const RG = "rg-k8s";
export const VNET = `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet-k8s`;
export const SUBNET = `${VNET}/subnets/nodes`;

export const armId = (type: string, name: string) =>
    `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Network/${type}/${name}`;

export async function cluster(args: Partial<AzureHaClusterArgs>, preview = false) {
    const { recorder, result } = await build(
        () => new AzureHaCluster("demo", { resourceGroupName: RG, ...args }),
        { preview },
    );
    return { r: recorder, c: result };
}

export type Child = Inputs;

export class LoadBalancerView {
    readonly inputs: Inputs;
    readonly id: string;

    constructor(r: Recorder) {
        const all = r.ofType(T.lb);
        assert.strictEqual(all.length, 1, "one load balancer");
        this.inputs = all[0].inputs;
        this.id = armId("loadBalancers", str(this.inputs, "loadBalancerName"));
    }

    list(collection: string): Child[] {
        return maybe(objs, this.inputs, collection) ?? [];
    }

    named(collection: string, name: string): Child {
        const found = this.list(collection).find((c) => c.name === name);
        assert.ok(found, `${collection}/${name} exists`);
        return found;
    }

    /** The child a reference points to; fails unless the path is this load balancer's own. */
    resolve(ref: unknown, collection: string): Child {
        const prefix = `${this.id}/${collection}/`;
        const id = str(ref, "id");
        assert.ok(id.startsWith(prefix), `${id} is under ${prefix}`);
        return this.named(collection, id.slice(prefix.length));
    }

    rulesOn(port: number): Child[] {
        return this.list("loadBalancingRules").filter((r) => r.frontendPort === port);
    }
}

export const nsgRules = (r: Recorder): Registered[] => r.ofType(T.nsgRule);
export const nsgRule = (r: Recorder, name: string): Inputs => {
    const found = nsgRules(r).find((x) => x.inputs.securityRuleName === name);
    assert.ok(
        found,
        `NSG rule ${name}; have ${nsgRules(r)
            .map((x) => x.inputs.securityRuleName)
            .join(", ")}`,
    );
    return found.inputs;
};
