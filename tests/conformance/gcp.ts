// Google Cloud: each registered resource as the Compute v1 (or Cloud DNS v1) REST body the provider sends
// (field names and shapes of the API, not of Pulumi), checked against the Compute v1
// discovery document in one Python process (python/gcp_discovery.py).
import { Registered } from "../support/harness";
import { maybe, objs } from "../support/inputs";
import { Scenario } from "./collect";
import { validateInPython } from "./python";
import { Violation } from "./violations";

type Json = Record<string, unknown>;

const defined = (o: Json): Json =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
/** Pulumi input names that differ from the REST field, per resource. */
function forwardingRule(i: Json): Json {
    const { ipAddress, ipProtocol, project: _, ...rest } = i;
    return defined({ ...rest, IPAddress: ipAddress, IPProtocol: ipProtocol });
}

function healthCheck(i: Json): Json {
    const { project: _, ...rest } = i;
    const type = i.tcpHealthCheck
        ? "TCP"
        : i.httpHealthCheck
          ? "HTTP"
          : i.httpsHealthCheck
            ? "HTTPS"
            : i.sslHealthCheck
              ? "SSL"
              : undefined;
    return defined({ ...rest, type });
}

function backendService(i: Json): Json {
    const { project: _, healthChecks, connectionDrainingTimeoutSec, ...rest } = i;
    return defined({
        ...rest,
        healthChecks: healthChecks === undefined ? undefined : [healthChecks].flat(),
        // The provider nests it: connectionDraining.drainingTimeoutSec in the REST body.
        connectionDraining:
            connectionDrainingTimeoutSec === undefined
                ? undefined
                : { drainingTimeoutSec: connectionDrainingTimeoutSec },
    });
}

const plain = ({ project: _, ...rest }: Json): Json => rest;

const REQUESTS: Record<
    string,
    [schema: string, method: string, body: (inputs: Json) => Json, api?: string]
> = {
    "gcp:compute/address:Address": ["Address", "compute.addresses.insert", plain],
    "gcp:compute/globalAddress:GlobalAddress": ["Address", "compute.globalAddresses.insert", plain],
    "gcp:compute/healthCheck:HealthCheck": [
        "HealthCheck",
        "compute.healthChecks.insert",
        healthCheck,
    ],
    "gcp:compute/regionHealthCheck:RegionHealthCheck": [
        "HealthCheck",
        "compute.regionHealthChecks.insert",
        healthCheck,
    ],
    "gcp:compute/backendService:BackendService": [
        "BackendService",
        "compute.backendServices.insert",
        backendService,
    ],
    "gcp:compute/regionBackendService:RegionBackendService": [
        "BackendService",
        "compute.regionBackendServices.insert",
        backendService,
    ],
    "gcp:compute/forwardingRule:ForwardingRule": [
        "ForwardingRule",
        "compute.forwardingRules.insert",
        forwardingRule,
    ],
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": [
        "ForwardingRule",
        "compute.globalForwardingRules.insert",
        forwardingRule,
    ],
    "gcp:compute/targetTCPProxy:TargetTCPProxy": [
        "TargetTcpProxy",
        "compute.targetTcpProxies.insert",
        ({ project: _, backendService: service, ...rest }) => defined({ ...rest, service }),
    ],
    "gcp:compute/firewall:Firewall": [
        "Firewall",
        "compute.firewalls.insert",
        ({ project: _, allows, denies, ...rest }) =>
            defined({
                ...rest,
                allowed: maybe(objs, allows)?.map(({ protocol, ...a }) => ({
                    IPProtocol: protocol,
                    ...a,
                })),
                denied: maybe(objs, denies)?.map(({ protocol, ...a }) => ({
                    IPProtocol: protocol,
                    ...a,
                })),
            }),
    ],
    // Members join through instanceGroups.addInstances, not the insert body.
    "gcp:compute/instanceGroup:InstanceGroup": [
        "InstanceGroup",
        "compute.instanceGroups.insert",
        ({ project: _, instances: __, ...rest }) => rest,
    ],
    "gcp:compute/route:Route": ["Route", "compute.routes.insert", plain],
    // The zone is a path parameter of resourceRecordSets.create, not a body field.
    "gcp:dns/recordSet:RecordSet": [
        "ResourceRecordSet",
        "dns.resourceRecordSets.create",
        ({ project: _, managedZone: __, ...rest }) => rest,
        "dns.v1",
    ],
};

function gcpRequest(
    r: Registered,
): { schema: string; method: string; body: Json; api?: string } | undefined {
    const request = REQUESTS[r.type];
    return (
        request && {
            schema: request[0],
            method: request[1],
            body: request[2](r.inputs),
            api: request[3],
        }
    );
}

export const validateGcp = (scenarios: Scenario[]): Violation[] =>
    validateInPython(scenarios, gcpRequest, "gcp_discovery.py");
