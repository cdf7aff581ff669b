// Azure: each registered azure-native resource as its ARM request body (azure-native's
// inputs are the ARM fields with `properties` flattened; path parameters dropped, child names
// kept), checked against Microsoft's azure-mgmt-network models in one Python process
// (python/azure_models.py).
import { Registered } from "../support/harness";
import { Scenario } from "./collect";
import { runPython } from "./python";
import { resourceLabel, Violation } from "./violations";

type Json = Record<string, any>;

/** Per type: the model, the path parameters, and the one among them that is the child's own name. */
const MODELS: Record<string, { model: string; path: string[]; name?: string }> = {
    "azure-native:network:LoadBalancer": { model: "LoadBalancer", path: ["resourceGroupName", "loadBalancerName"] },
    "azure-native:network:PublicIPAddress": { model: "PublicIPAddress", path: ["resourceGroupName", "publicIpAddressName"] },
    "azure-native:network:NetworkSecurityGroup": { model: "NetworkSecurityGroup", path: ["resourceGroupName", "networkSecurityGroupName"] },
    "azure-native:network:SecurityRule": { model: "SecurityRule", path: ["resourceGroupName", "networkSecurityGroupName", "securityRuleName"], name: "securityRuleName" },
    "azure-native:network:RouteTable": { model: "RouteTable", path: ["resourceGroupName", "routeTableName"] },
    "azure-native:network:Route": { model: "Route", path: ["resourceGroupName", "routeTableName", "routeName"], name: "routeName" },
};

export function azureRequest(r: Registered): { model: string; body: Json } | undefined {
    const spec = MODELS[r.type];
    if (!spec) return undefined;
    const body = Object.fromEntries(Object.entries(r.inputs).filter(([k, v]) => !spec.path.includes(k) && v !== undefined));
    return { model: spec.model, body: spec.name ? { name: r.inputs[spec.name], ...body } : body };
}

export function validateAzure(scenarios: Scenario[]): { version: string; violations: Violation[] } {
    const users: { scenario: string; resource: string }[] = [];
    const requests = scenarios.flatMap((s) =>
        s.resources.flatMap((r) => {
            const request = azureRequest(r);
            if (!request) return [];
            users.push({ scenario: s.id, resource: resourceLabel(r) });
            return [{ key: users.length - 1, ...request }];
        }),
    );
    const out = runPython<{ version: string; violations: { key: number; rule: string; message: string; source: string }[] }>("azure_models.py", requests);
    return { version: out.version, violations: out.violations.map((v) => ({ ...users[v.key], rule: v.rule, message: v.message, source: v.source })) };
}
