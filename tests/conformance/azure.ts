// Azure: each registered azure-native resource as its ARM request body (azure-native's
// inputs are the ARM fields with `properties` flattened; path parameters dropped, child names
// kept), checked against Microsoft's azure-mgmt-network models in one Python process
// (python/azure_models.py).
import { Registered } from "../support/harness";
import { Scenario } from "./collect";
import { validateInPython } from "./python";
import { Violation } from "./violations";

type Json = Record<string, unknown>;

/** Per type: the model, the path parameters, and the one among them that is the child's own name. */
const MODELS: Record<string, { model: string; path: string[]; name?: string }> = {
    "azure-native:network:LoadBalancer": {
        model: "LoadBalancer",
        path: ["resourceGroupName", "loadBalancerName"],
    },
    "azure-native:network:PublicIPAddress": {
        model: "PublicIPAddress",
        path: ["resourceGroupName", "publicIpAddressName"],
    },
    "azure-native:network:NetworkSecurityGroup": {
        model: "NetworkSecurityGroup",
        path: ["resourceGroupName", "networkSecurityGroupName"],
    },
    "azure-native:network:SecurityRule": {
        model: "SecurityRule",
        path: ["resourceGroupName", "networkSecurityGroupName", "securityRuleName"],
        name: "securityRuleName",
    },
    "azure-native:network:RouteTable": {
        model: "RouteTable",
        path: ["resourceGroupName", "routeTableName"],
    },
    "azure-native:network:Route": {
        model: "Route",
        path: ["resourceGroupName", "routeTableName", "routeName"],
        name: "routeName",
    },
};

function azureRequest(r: Registered): { model: string; body: Json } | undefined {
    const spec = MODELS[r.type];
    if (!spec) return undefined;
    const body = Object.fromEntries(
        Object.entries(r.inputs).filter(([k, v]) => !spec.path.includes(k) && v !== undefined),
    );
    return { model: spec.model, body: spec.name ? { name: r.inputs[spec.name], ...body } : body };
}

export const validateAzure = (scenarios: Scenario[]): Violation[] =>
    validateInPython(scenarios, azureRequest, "azure_models.py");
