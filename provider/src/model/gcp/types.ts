// The shapes of the Google Cloud plan, apart from the code that builds them, so that the
// concern files import them without importing each other.
import { BackendRole, GcpMode, TransportProtocol } from "../../generated/enums";
import { ClusterSpec, Frontend, HealthCheckSpec } from "../cluster";
import { Family } from "../net";
import { RecordType } from "../dns";
import { Maybe } from "../unknown";
import { ApiserverShutdownPlan } from "../shutdown";

export const GCP_NETWORK_TIERS = ["PREMIUM", "STANDARD"] as const;

export type GcpNetworkTier = (typeof GCP_NETWORK_TIERS)[number];

export const GCP_NEXT_HOPS = [
    "nextHopIp",
    "nextHopInstance",
    "nextHopGateway",
    "nextHopIlb",
] as const;

export type GcpNextHop = (typeof GCP_NEXT_HOPS)[number];

export interface GcpRoutePlan {
    /** The route's name in the input. */
    key: string;
    logicalName: string;
    name: string;
    destRange: string;
    nextHop: GcpNextHop;
    nextHopValue: Maybe<string>;
    priority: number;
    tags?: Maybe<Maybe<string>[]>;
}

/**
 * Frontends as the forwarding rules and firewall rules group them: the apiserver, ingress
 * (HTTP and HTTPS together) and each service. A new service is a new group, so it adds
 * rules instead of changing the port list of an existing one.
 */
export interface FrontendGroup {
    key: string;
    backend: BackendRole;
    protocol: TransportProtocol;
    frontends: Frontend[];
}

export type Namer = (...parts: string[]) => string;

export interface GcpHealthCheckPlan {
    /** The frontend group it checks. */
    key: string;
    logicalName: string;
    name: string;
    check: HealthCheckSpec;
    timeoutSeconds: number;
}

interface GcpBackendServicePlan {
    key: string;
    logicalName: string;
    name: string;
    role: BackendRole;
    protocol: TransportProtocol;
    healthCheck: string;
    /** Proxy mode: the instance groups' named port that carries the target port. */
    portName?: string;
    /** Proxy mode: how long an idle connection stays open (the backend service's timeoutSec); unset, Google's default. */
    timeoutSeconds?: number;
    /** `connectionDrainingTimeoutSec`: set on the apiserver's backend services only. */
    drainingTimeoutSeconds?: number;
    /** The private endpoint's (`apiserver.internal`) in a public cluster: scheme INTERNAL. */
    internal?: boolean;
    /** Proxy mode: the key of the Cloud Armor policy that admits the frontend's clients. */
    securityPolicy?: string;
}

export interface GcpAddressPlan {
    /** `<role>-<family>` in passthrough mode, `<family>` in proxy mode. */
    key: string;
    /** Passthrough: the role whose frontends the address carries; proxy addresses serve every role. */
    role?: BackendRole;
    family: Family;
    logicalName: string;
    name: string;
    /** An internal address the user pins (the Address's `address`), else Google picks one. */
    address?: Maybe<string>;
    /** An external IPv4 address the user keeps (reserved outside the component): not created. */
    existing?: Maybe<string>;
    /** The private endpoint's (`apiserver.internal`) in a public cluster: an internal address. */
    internal?: boolean;
}

/** A Cloud Armor backend security policy: allow rules for the clients, everything else denied. */
export interface GcpSecurityPolicyPlan {
    /** The frontend group. */
    key: string;
    logicalName: string;
    name: string;
    rules: { priority: number; srcIpRanges: string[]; description: string }[];
}

interface GcpTargetProxyPlan {
    key: string;
    logicalName: string;
    name: string;
    backendService: string;
}

export interface GcpForwardingRulePlan {
    key: string;
    logicalName: string;
    name: string;
    family: Family;
    protocol: TransportProtocol;
    ports: number[];
    /** Passthrough: the regional backend service. */
    backendService?: string;
    /** Proxy: the target TCP proxy. */
    targetProxy?: string;
    /** The key of the address it carries. */
    address: string;
    /** The private endpoint's (`apiserver.internal`) in a public cluster: scheme INTERNAL. */
    internal?: boolean;
}

export interface GcpFirewallPlan {
    key: string;
    logicalName: string;
    name: string;
    role: BackendRole;
    protocol: "tcp" | "udp";
    ports: number[];
    sources: string[];
    /** Nodes admitted by their network tags (their internal addresses), by role. */
    sourceRoles?: BackendRole[];
    /** Passthrough: the key of the frontend address the rule admits packets to (destinationRanges). */
    destination?: string;
    description: string;
}

export interface GcpNamedPort {
    name: string;
    port: number;
}

export interface GcpTargetsPlan {
    role: BackendRole;
    instances: Maybe<Maybe<string>[]>;
    instanceGroups: Maybe<Maybe<string>[]>;
    /** Network tags of the role's nodes: the firewall rules' targets. */
    tags: Maybe<Maybe<string>[]>;
    namedPorts: GcpNamedPort[];
}

export interface GcpInstanceGroupPlan {
    /** `<role>-<zone>`. */
    key: string;
    logicalName: string;
    name: string;
    zone: string;
    instances: string[];
}

export interface GcpPlan {
    cluster: ClusterSpec;
    mode: GcpMode;
    internal: boolean;
    /** Set for public passthrough frontends only: proxy and internal frontends are always Premium Tier. */
    networkTier?: GcpNetworkTier;
    project?: Maybe<string>;
    region: Maybe<string>;
    network: Maybe<string>;
    subnetwork?: Maybe<string>;
    addresses: GcpAddressPlan[];
    healthChecks: GcpHealthCheckPlan[];
    backendServices: GcpBackendServicePlan[];
    targetProxies: GcpTargetProxyPlan[];
    securityPolicies: GcpSecurityPolicyPlan[];
    forwardingRules: GcpForwardingRulePlan[];
    targets: Record<BackendRole, GcpTargetsPlan>;
    firewalls: GcpFirewallPlan[];
    routes: GcpRoutePlan[];
    /** Internal forwarding rules admit clients from every region, not only their own. */
    globalAccess: boolean;
    /** The Google ranges the firewall rules admit. */
    /** The kube-apiserver shutdown flags that match the apiserver's health check. */
    apiserverShutdown: ApiserverShutdownPlan;
    googleSources: string[];
    dns?: GcpDnsPlan;
    /** `internalDns`: the private endpoint's record. */
    internalDns?: GcpDnsPlan;
}

export interface GcpDnsPlan {
    managedZone: Maybe<string>;
    project?: Maybe<string>;
    /** The FQDN; Cloud DNS takes it absolute, with the root dot. */
    name: Maybe<string>;
    ttl: number;
    /** `address`: the key of the plan's address the record holds. */
    records: { type: RecordType; family: Family; logicalName: string; address: string }[];
}
