// What the fake clouds need to know about the real providers: which input changes the real
// provider can only make by replacing the resource, and which outputs it reports on create.
import { hex } from "../support/states/common";
import { cloudStates } from "../support/states";
import { AZURE_SUBSCRIPTION } from "../support/states/azure";

/** Per resource type, the inputs whose change forces a replacement. */
const replaceOnChange: Record<string, string[]> = {
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_target_group
    // (name, port, protocol, target_type, vpc_id: "Forces new resource"; Pulumi's aws provider
    // bridges that resource and keeps its ForceNew flags).
    "aws:lb/targetGroup:TargetGroup": ["name", "port", "protocol", "targetType", "vpcId", "ipAddressType"],
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb
    // (name, internal, load_balancer_type: "Forces new resource").
    "aws:lb/loadBalancer:LoadBalancer": ["name", "internal", "loadBalancerType"],
    // https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_address
    // (every argument but labels forces a new address).
    "gcp:compute/address:Address": ["name", "address", "addressType", "ipVersion", "ipv6EndpointType", "networkTier", "prefixLength", "purpose", "region", "subnetwork", "project"],
    "gcp:compute/globalAddress:GlobalAddress": ["name", "address", "addressType", "ipVersion", "prefixLength", "purpose", "network", "project"],
    // https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_forwarding_rule
    // (all arguments except labels, target and allow_global_access force a new rule).
    "gcp:compute/forwardingRule:ForwardingRule": [
        "name", "backendService", "ipAddress", "ipProtocol", "ipVersion", "loadBalancingScheme", "network", "networkTier",
        "ports", "portRange", "allPorts", "subnetwork", "region", "project",
    ],
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": ["name", "ipAddress", "ipProtocol", "ipVersion", "loadBalancingScheme", "portRange", "project"],
    // https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_region_backend_service
    // (name, load_balancing_scheme, network and region force a new backend service).
    "gcp:compute/regionBackendService:RegionBackendService": ["name", "loadBalancingScheme", "network", "region", "project"],
    "gcp:compute/backendService:BackendService": ["name", "loadBalancingScheme", "project"],
    // https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance_group
    // (name, zone, network force a new group; instances and named_port update in place).
    "gcp:compute/instanceGroup:InstanceGroup": ["name", "zone", "network", "project"],
    "gcp:compute/firewall:Firewall": ["name", "network", "project"],
    "gcp:compute/route:Route": ["name", "destRange", "network", "nextHopIp", "nextHopGateway", "nextHopInstance", "priority", "tags", "project"],
    // https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses
    // ("You can't change the IP version after creation"; SKU and zones are fixed too, the
    // Standard upgrade being a separate, one-way operation).
    "azure-native:network:PublicIPAddress": ["publicIPAddressVersion", "sku", "zones", "location"],
};

/**
 * azure-native resources are addressed by their resource group and name (URL path
 * parameters), so a change of either is a replacement.
 * https://www.pulumi.com/registry/packages/azure-native/api-docs/network/loadbalancer/
 */
const azurePathParameters = /^(resourceGroupName|[a-zA-Z]+Name)$/;

export function replaces(type: string, key: string): boolean {
    if ((replaceOnChange[type] ?? []).includes(key)) return true;
    return type.startsWith("azure-native:") && azurePathParameters.test(key) && key !== "sku";
}

/** The outputs the real provider reports after creating a resource of `type`. */
export function createdOutputs(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
    return cloudStates[type]?.(name, inputs) ?? {};
}

/** IDs in each cloud's own shape. */
export function cloudId(type: string, urn: string, inputs: Record<string, any>): string {
    const kind = type.split(":")[2];
    if (type.startsWith("aws:")) {
        const prefixes: Record<string, string> = { Instance: "i", Vpc: "vpc", SecurityGroup: "sg", Eip: "eipalloc" };
        return `${prefixes[kind] ?? kind.toLowerCase()}-${hex(urn, 17)}`;
    }
    if (type.startsWith("gcp:")) return `projects/${inputs.project ?? "demo-project"}/${kind.toLowerCase()}s/${inputs.name ?? hex(urn)}`;
    const collection = kind.charAt(0).toLowerCase() + kind.slice(1) + "s";
    const name = Object.entries(inputs).find(([k]) => k !== "resourceGroupName" && azurePathParameters.test(k))?.[1] ?? hex(urn);
    return `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Network/${collection}/${name}`;
}

/** Types whose `name` the real provider generates when none is given (Pulumi autonaming). */
export function autonames(type: string): boolean {
    return type.startsWith("gcp:compute/") || ["aws:lb/targetGroup:TargetGroup", "aws:lb/loadBalancer:LoadBalancer", "aws:ec2/securityGroup:SecurityGroup"].includes(type);
}
