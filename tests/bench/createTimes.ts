// Typical create times per resource type, which the fake clouds take when the bench sets
// HACLUSTER_FAKE_CREATE_DELAYS (tests/e2e/fakeCloud.ts), and which weigh the dependency chains.
//
// No cloud publishes a typical create time for these types. What is published is the longest
// each provider waits before it gives up (its default create timeout), an upper bound, not a
// typical figure; each row names it beside the typical value used here, which is ours (what a
// create commonly takes; no source). Rows without a timeout have none we could confirm. Sources:
// - AWS: terraform-provider-aws internal/service/elbv2/wait.go at 80634d39 (load balancer 10 min,
//   and polling starts 30 s after CreateLoadBalancer, so no NLB create is shorter; listener
//   5 min).
// - Azure: terraform-provider-azurerm at 69697b7f, internal/services/loadbalancer/lb_resource.go
//   and internal/services/network/{public_ip,network_security_group,network_security_rule}
//   _resource.go (30 min each); pulumi-azure-native publishes no per-type figure.
// - Google Cloud: terraform-provider-google at e03b7622, google/services/compute/resource_compute_
//   {forwarding_rule,region_backend_service,region_health_check,address,firewall,...}.go (20 min
//   each), resource_compute_instance_group.go (6 min).

export interface CreateTime {
    /** The typical create time used by the bench (no published figure: see above). */
    seconds: number;
    /** The provider's published default create timeout, in minutes, where there is one. */
    timeoutMinutes?: number;
}

const CREATE_TIMES: Record<string, CreateTime> = {
    "aws:lb/loadBalancer:LoadBalancer": { seconds: 180, timeoutMinutes: 10 },
    "aws:lb/targetGroup:TargetGroup": { seconds: 2 },
    "aws:lb/listener:Listener": { seconds: 2, timeoutMinutes: 5 },
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": { seconds: 1 },
    "aws:ec2/securityGroup:SecurityGroup": { seconds: 3 },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { seconds: 1 },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { seconds: 1 },
    "azure-native:network:LoadBalancer": { seconds: 30, timeoutMinutes: 30 },
    "azure-native:network:PublicIPAddress": { seconds: 5, timeoutMinutes: 30 },
    "azure-native:network:NetworkSecurityGroup": { seconds: 5, timeoutMinutes: 30 },
    "azure-native:network:SecurityRule": { seconds: 3, timeoutMinutes: 30 },
    "gcp:compute/forwardingRule:ForwardingRule": { seconds: 20, timeoutMinutes: 20 },
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": { seconds: 20, timeoutMinutes: 20 },
    "gcp:compute/regionBackendService:RegionBackendService": { seconds: 15, timeoutMinutes: 20 },
    "gcp:compute/backendService:BackendService": { seconds: 15, timeoutMinutes: 20 },
    "gcp:compute/targetTCPProxy:TargetTCPProxy": { seconds: 10, timeoutMinutes: 20 },
    "gcp:compute/regionHealthCheck:RegionHealthCheck": { seconds: 10, timeoutMinutes: 20 },
    "gcp:compute/healthCheck:HealthCheck": { seconds: 10, timeoutMinutes: 20 },
    "gcp:compute/instanceGroup:InstanceGroup": { seconds: 10, timeoutMinutes: 6 },
    "gcp:compute/address:Address": { seconds: 5, timeoutMinutes: 20 },
    "gcp:compute/globalAddress:GlobalAddress": { seconds: 5, timeoutMinutes: 20 },
    "gcp:compute/firewall:Firewall": { seconds: 10, timeoutMinutes: 20 },
};

/** Create seconds of a type (0 for types not in the table). */
export const createSeconds = (type: string): number => CREATE_TIMES[type]?.seconds ?? 0;

/** The HACLUSTER_FAKE_CREATE_DELAYS table: milliseconds per type at `msPerSecond`. */
export const fakeDelays = (msPerSecond: number): Record<string, number> =>
    Object.fromEntries(
        Object.entries(CREATE_TIMES).map(([type, t]) => [type, t.seconds * msPerSecond]),
    );
