// The shapes of the Google Cloud plan, apart from the code that builds them, so that the
// plan and its helpers (targets, routes) import them without importing each other.
import { BackendRole, GcpMode, TransportProtocol } from "../../generated/enums";
import { ClusterSpec, HealthCheckSpec } from "../cluster";
import { Family } from "../net";
import { Maybe } from "../unknown";
import { GcpRoutePlan } from "./routes";

export const GCP_NETWORK_TIERS = ["PREMIUM", "STANDARD"] as const;
export type GcpNetworkTier = (typeof GCP_NETWORK_TIERS)[number];


export interface GcpHealthCheckPlan {
    /** The frontend group it checks. */
    key: string;
    logicalName: string;
    name: string;
    check: HealthCheckSpec;
    timeoutSeconds: number;
}

export interface GcpBackendServicePlan {
    key: string;
    logicalName: string;
    name: string;
    role: BackendRole;
    protocol: TransportProtocol;
    healthCheck: string;
    /** Proxy mode: the instance groups' named port that carries the target port. */
    portName?: string;
}

export interface GcpAddressPlan {
    family: Family;
    logicalName: string;
    name: string;
}

export interface GcpTargetProxyPlan {
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
}

export interface GcpFirewallPlan {
    key: string;
    logicalName: string;
    name: string;
    role: BackendRole;
    protocol: "tcp" | "udp";
    ports: number[];
    sources: string[];
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
    forwardingRules: GcpForwardingRulePlan[];
    targets: Record<BackendRole, GcpTargetsPlan>;
    firewalls: GcpFirewallPlan[];
    routes: GcpRoutePlan[];
    /** The Google ranges the firewall rules admit. */
    googleSources: string[];
}
