// The shapes of the AWS plan, apart from the code that builds them.
import { AwsTargetType, BackendRole, TransportProtocol } from "../../generated/enums";
import { ClusterSpec, Frontend, HealthCheckSpec } from "../cluster";
import { DnsInput, RecordType } from "../dns";
import { Family } from "../net";
import { Maybe } from "../unknown";
import { ApiserverShutdownPlan } from "../shutdown";

export type AwsGroupRole = "loadBalancer" | "internalLoadBalancer" | BackendRole;

type AwsRulePeer = { cidr: string; family: Family } | { group: AwsGroupRole };

export interface AwsRulePlan {
    logicalName: string;
    group: AwsGroupRole;
    direction: "ingress" | "egress";
    protocol: "tcp" | "udp";
    port: number;
    peer: AwsRulePeer;
    description: string;
}

export interface AwsTargetGroupPlan {
    frontend: Frontend;
    logicalName: string;
    /** Ends in a fingerprint of what AWS cannot change in place, so a replacement gets a new name. */
    name: string;
    protocol: TransportProtocol;
    port: number;
    /** Unset for UDP: AWS always preserves client IPs there. */
    preserveClientIp?: boolean;
    healthCheck: HealthCheckSpec;
    /** The apiserver's only (docs/rollouts.md); unset keeps AWS's defaults. */
    draining?: AwsDrainingPlan;
    /** The private endpoint's (`apiserver.internal`): its listener is on the internal NLB. */
    internal: boolean;
    /** `tcpIdleTimeoutSeconds` is TCP only; unset keeps AWS's 350 s. */
    listener: { logicalName: string; port: number; tcpIdleTimeoutSeconds?: number };
}

export interface AwsDrainingPlan {
    /** `deregistrationDelay`: how long a deregistered target keeps its connections. */
    deregistrationDelaySeconds: number;
    /** `connectionTermination`: close them at the end of that delay. */
    terminateOnDeregistration: boolean;
    /** `targetHealthStates[0].enableUnhealthyConnectionTermination`. */
    terminateWhenUnhealthy: boolean;
    /** `targetHealthStates[0].unhealthyDrainingInterval`. */
    unhealthyDrainingSeconds: number;
}

interface AwsTargetsPlan {
    role: BackendRole;
    instanceIds: Maybe<Maybe<string>[]>;
    ipAddresses: Maybe<Maybe<string>[]>;
    /** Frontend keys of the target groups this role is registered with. */
    targetGroups: string[];
}

export interface AwsSecurityGroupPlan {
    role: BackendRole;
    existingId?: Maybe<string>;
    create?: { logicalName: string; name: string };
}

export const AWS_ROUTE_TARGETS = [
    "gatewayId",
    "natGatewayId",
    "vpcPeeringConnectionId",
    "transitGatewayId",
    "networkInterfaceId",
    "egressOnlyGatewayId",
] as const;

type AwsRouteTarget = (typeof AWS_ROUTE_TARGETS)[number];

export interface AwsRoutePlan {
    destinationCidr: string;
    family: Family;
    target: AwsRouteTarget;
    targetId: Maybe<string>;
}

export interface AwsPlan {
    cluster: ClusterSpec;
    vpcId: Maybe<string>;
    subnetIds: Maybe<Maybe<string>[]>;
    loadBalancer: {
        logicalName: string;
        name: string;
        internal: boolean;
        ipAddressType: "ipv4" | "dualstack";
        crossZone: boolean;
        staticIpv4: boolean;
        /** Elastic IPs the user keeps, one per subnet; else the component allocates them. */
        eipAllocationIds?: Maybe<Maybe<string>[]>;
        /** Private IPv4 addresses the user pins, one per subnet (internal only). */
        privateIpv4Addresses?: Maybe<Maybe<string>[]>;
        /** `enablePrefixForIpv6SourceNat`: on for every dual-stack NLB that uses `subnets`. */
        ipv6SourceNat: boolean;
        securityGroup: { logicalName: string; name: string };
    };
    /** The private endpoint's NLB beside a public one (`apiserver.internal`). */
    internalLoadBalancer?: {
        logicalName: string;
        name: string;
        /** Pinned private IPv4 addresses, one per subnet. */
        privateIpv4Addresses?: Maybe<Maybe<string>[]>;
        securityGroup: { logicalName: string; name: string };
    };
    targetType: AwsTargetType;
    targetGroups: AwsTargetGroupPlan[];
    targets: AwsTargetsPlan[];
    autoScaling: {
        groupNames: Maybe<Maybe<string>[]>;
        /** Frontend keys of the worker target groups. */
        targetGroups: string[];
        extraTargetGroupArns: Maybe<Maybe<string>[]>;
    };
    securityGroups: AwsSecurityGroupPlan[];
    rules: AwsRulePlan[];
    routeTableIds: Maybe<Maybe<string>[]>;
    routes: AwsRoutePlan[];
    /** The kube-apiserver shutdown flags that match the apiserver's health check. */
    apiserverShutdown: ApiserverShutdownPlan;
    dns?: AwsDnsPlan;
    /** `internalDns`: the private endpoint's record, to the internal NLB. */
    internalDns?: AwsDnsPlan;
}

export interface AwsDnsPlan {
    key: DnsInput;
    zoneId: Maybe<string>;
    name: Maybe<string>;
    recordTypes: RecordType[];
}
