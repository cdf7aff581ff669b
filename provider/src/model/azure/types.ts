// The shapes of the Azure plan, apart from the code that builds them.
import { BackendRole } from "../../generated/enums";
import { ClusterSpec } from "../cluster";
import { Family } from "../net";
import { DnsInput, RecordType } from "../dns";
import { Maybe } from "../unknown";
import { ApiserverShutdownPlan } from "../shutdown";

type AzureTransport = "Tcp" | "Udp";

type AzureProbeProtocol = "Tcp" | "Http" | "Https";

export interface AzureFrontendPlan {
    family: Family;
    /** Name of the frontend IP configuration. */
    name: string;
    /** Set on a frontend that carries only outbound SNAT, no load-balancing rule. */
    outboundOnly?: boolean;
    /** Set on an outbound-only frontend of one role's own outbound rule. */
    outboundRole?: BackendRole;
    /** Public only: the Standard static public IP behind the frontend. */
    publicIp?: { logicalName: string; name: string; dnsLabel?: string; existingId?: Maybe<string> };
    /** Internal only: the private address the user pins (static allocation), else dynamic. */
    privateIpAddress?: Maybe<string>;
}

export interface AzurePoolPlan {
    /** The role whose frontends the pool serves; absent on the outbound pool of both roles. */
    role?: BackendRole;
    family: Family;
    name: string;
    /** The roles whose IP addresses (of this family) fill the pool; empty: NICs join it. */
    members: BackendRole[];
}

export interface AzureProbePlan {
    /** Named by its health-check identity, so that frontends with the same check share it. */
    name: string;
    protocol: AzureProbeProtocol;
    port: number;
    requestPath?: string;
    intervalInSeconds: number;
    probeThreshold: number;
}

export interface AzureRulePlan {
    name: string;
    frontendKey: string;
    family: Family;
    frontendName: string;
    poolName: string;
    probeName: string;
    protocol: AzureTransport;
    frontendPort: number;
    backendPort: number;
    /** True with outbound rules: outbound SNAT comes from them. */
    disableOutboundSnat: boolean;
    /** TCP only; unset: Azure's default of 4 minutes. */
    idleTimeoutInMinutes?: number;
}

export interface AzureOutboundRulePlan {
    name: string;
    /**
     * Frontends of its own (Azure allows one outbound rule per frontend and protocol), one per
     * public IP; the first keeps its name as the count grows.
     */
    frontendNames: string[];
    poolName: string;
    /** The TCP idle timeout of the nodes' outbound flows. */
    idleTimeoutInMinutes: number;
}

export type AzureExisting =
    { existingName: Maybe<string> } | { create: { logicalName: string; name: string } };

export interface AzurePoolMember {
    name: string;
    ipAddress: string;
}

export type AzureSecurityProtocol = "Tcp" | "Udp";

/**
 * An inbound NSG rule. Its destination is the NSG it goes in, `role`'s: that NSG is associated
 * with the role's NICs or subnet only, so the rule opens its ports on that role's nodes only
 * (destinationAddressPrefix "*" within that NSG).
 */
export interface AzureSecurityRulePlan {
    /** The role whose NSG holds the rule, and whose nodes it opens. */
    role: BackendRole;
    logicalName: string;
    /** Unique within the NSG, which may hold other clusters' rules: starts with the cluster name. */
    name: string;
    priority: number;
    /** Deny only for the VirtualNetwork tag on a restricted internal apiserver (security.ts). */
    access: "Allow" | "Deny";
    protocol: AzureSecurityProtocol;
    /** Sorted destination ports. */
    ports: number[];
    /** The address family of its sources; absent on the probes' service-tag rule. */
    family?: Family;
    /** CIDRs of one address family, or one service tag. */
    sources: string[];
    /** Logical names of this component's public IPs whose addresses are admitted too. */
    publicIpSources: string[];
    description: string;
}

export const AZURE_NEXT_HOP_TYPES = [
    "VirtualNetworkGateway",
    "VnetLocal",
    "Internet",
    "VirtualAppliance",
    "None",
] as const;

export type AzureNextHopType = (typeof AZURE_NEXT_HOP_TYPES)[number];

export interface AzureRoutePlan {
    logicalName: string;
    name: string;
    /** A canonical CIDR, or a service tag. */
    addressPrefix: string;
    nextHopType: AzureNextHopType;
    nextHopIpAddress?: Maybe<string>;
}

export interface AzurePlan {
    cluster: ClusterSpec;
    resourceGroupName: Maybe<string>;
    location?: Maybe<string>;
    zones?: Maybe<Maybe<string>[]>;
    subnetId?: Maybe<string>;
    virtualNetworkId?: Maybe<string>;
    loadBalancer: {
        logicalName: string;
        name: string;
        internal: boolean;
        frontends: AzureFrontendPlan[];
        pools: AzurePoolPlan[];
        probes: AzureProbePlan[];
        rules: AzureRulePlan[];
        outboundRules: AzureOutboundRulePlan[];
        /** SNAT settings of every outbound rule; unset fields keep Azure's defaults. */
        outboundSnat: { allocatedOutboundPorts?: number; idleTimeoutInMinutes?: number };
    };
    /** The private endpoint's internal load balancer beside a public one (`apiserver.internal`). */
    internalLoadBalancer?: {
        logicalName: string;
        name: string;
        frontend: AzureFrontendPlan;
        /** NIC-based: the controllers' IPv4 configurations join it. */
        pool: AzurePoolPlan;
        probe: AzureProbePlan;
        rule: AzureRulePlan;
    };
    /** IP-based pool members per role; each joins the pool of its address family. */
    targets: Record<BackendRole, Maybe<Maybe<string>[]>>;
    /** Per role with frontends, its NSG (given or created). */
    securityGroups: Partial<Record<BackendRole, AzureExisting>>;
    securityRules: AzureSecurityRulePlan[];
    /** Absent without routes. */
    routeTable?: AzureExisting;
    routes: AzureRoutePlan[];
    dns?: AzureDnsPlan;
    /** `internalDns`: the private endpoint's record, in a private zone. */
    internalDns?: AzureDnsPlan;
    /** The kube-apiserver shutdown flags that match the apiserver's probe. */
    apiserverShutdown: ApiserverShutdownPlan;
}

export interface AzureDnsPlan {
    /** The input it comes from, for errors found when its outputs resolve. */
    key: DnsInput;
    zoneName: Maybe<string>;
    resourceGroupName: Maybe<string>;
    /** The FQDN; the record set takes it relative to the zone. */
    name: Maybe<string>;
    /** A private DNS zone (internal load balancer), else a public one. */
    private: boolean;
    ttl: number;
    records: { type: RecordType; family: Family; logicalName: string }[];
}
