// The input model shared by the three components (README "The shared input model"): defaults, validation
// and the list of frontends, each with its backend role, target port, health check and
// allowed sources per address family.
import {
    BackendRole,
    BackendRoleValues,
    HealthCheckProtocol,
    HealthCheckProtocolValues,
    Scheme,
    SchemeValues,
    TransportProtocol,
    TransportProtocolValues,
} from "../generated/enums";
import { ANYWHERE, Family, formatCidr, parseCidr } from "./net";
import { slug } from "./naming";
import { indexPath, IntRange, keyPath, PORT, Raw, Reader } from "./read";
import { Maybe } from "./unknown";

export interface HealthCheckSpec {
    protocol: HealthCheckProtocol;
    port: number;
    /** HTTP and HTTPS only. */
    path?: string;
    intervalSeconds: number;
    /** Unset: the cloud's default. */
    timeoutSeconds?: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
}

type FrontendRole = "apiserver" | "ingress" | "service";

export interface Frontend {
    /** Stable identity: `apiserver`, `ingress-http`, `ingress-https` or `svc-<name>`. */
    key: string;
    role: FrontendRole;
    serviceName?: string;
    protocol: TransportProtocol;
    port: number;
    targetPort: number;
    backend: BackendRole;
    healthCheck: HealthCheckSpec;
    /** The address families the frontend serves: IPv4, and IPv6 where its `ipv6` (or the cluster's) is set. */
    families: Family[];
    /** Canonical client CIDRs per address family; empty for a family the frontend does not serve. */
    allowedCidrs: Record<Family, string[]>;
    /** Input path of the frontend's port, for errors about it. */
    portPath: string;
    /** Unset: the cloud's default (the apiserver always has one, see DEFAULTS). */
    idleTimeoutSeconds?: number;
    /** The apiserver only: seconds its established connections get to finish when it stops. */
    drainSeconds?: number;
}

export interface ClusterSpec {
    /** The component's resource name, the base of logical names. */
    resourceName: string;
    /** The base of cloud names. */
    clusterName: string;
    scheme: Scheme;
    /** Whether any frontend is dual-stack, so that the load balancer needs IPv6 at all. */
    ipv6: boolean;
    /** The families of all frontends together: the load balancer's own frontends and pools. */
    families: Family[];
    frontends: Frontend[];
    /** Where the nodes' own connections to a public apiserver come from (NAT or public addresses), per family. */
    nodeSourceCidrs: Record<Family, string[]>;
    tags: Record<string, Maybe<string>>;
    /** Pulumi's `protect` on the address holders the component creates (docs/endpoints.md). */
    protectAddresses: boolean;
    /** `apiserver.internal`: a private apiserver endpoint beside the public one (docs/endpoints.md). */
    internalEndpoint?: InternalEndpointSpec;
}

/**
 * The apiserver's private endpoint beside a public one: the nodes and in-network clients dial
 * it, people and CI the public one. IPv4 only: every node reaches the apiserver over IPv4
 * (see checkNodeAccess). Each cloud reads its own pinned-address input from `raw`.
 */
interface InternalEndpointSpec {
    /** Canonical IPv4 client CIDRs; the nodes are admitted besides them on every cloud. */
    allowedCidrs: string[];
    /** The input object, for the cloud's pinned private address. */
    raw: Record<string, Raw>;
}

/** What a cloud accepts; checked here so that each error names the cloud's own range. */
export interface CloudLimits {
    cloud: string;
    maxFrontends: number;
    interval: IntRange;
    /** The probe timeout's range, or why the cloud's probes have none (then setting one is an error). */
    timeout: IntRange | { unsupported: string };
    threshold: IntRange;
    /** Set where one threshold serves both directions: why healthyThreshold must equal unhealthyThreshold. */
    oneThreshold?: string;
    /** The idle timeout the cloud takes, in seconds. */
    idleTimeout: IntRange;
    /** The clients an internal frontend admits when its allowedCidrs are left out; unset: everyone. */
    internalDefaultCidrs?: Record<Family, string[]>;
}

const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const DEFAULTS = {
    apiserverPort: 6443,
    httpPort: 80,
    httpsPort: 443,
    ingressHealthPort: 10254,
    ingressHealthPath: "/healthz",
    apiserverHealthPath: "/readyz",
    healthPath: "/healthz",
    intervalSeconds: 10,
    healthyThreshold: 3,
    unhealthyThreshold: 3,
    /**
     * Long enough for quiet watches, exec, logs and port-forward through the apiserver; Typhoon
     * uses 300 s, and clouds that default lower (Azure 4 minutes, Google Cloud proxies 30 s)
     * would cut them.
     */
    apiserverIdleTimeoutSeconds: 600,
    /**
     * kube-apiserver's own `--request-timeout` (1m), the longest an ordinary request runs:
     * https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
     */
    apiserverDrainSeconds: 60,
} as const;

/**
 * The AWS deregistration delay and Google Cloud's connection draining both take 0-3600 seconds
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html,
 * https://cloud.google.com/compute/docs/reference/rest/v1/regionBackendServices, connectionDraining).
 */
const DRAIN: IntRange = { min: 0, max: 3600, what: "a drain time (0-3600 seconds)" };

interface HealthDefaults {
    protocol: HealthCheckProtocol;
    port: number;
    httpPath: string;
}

function readHealthCheck(
    r: Reader,
    raw: Raw,
    path: string,
    defaults: HealthDefaults,
    limits: CloudLimits,
): HealthCheckSpec {
    const hc = r.object(raw, path) ?? {};
    const protocol =
        r.oneOf(hc.protocol, keyPath(path, "protocol"), HealthCheckProtocolValues) ??
        defaults.protocol;
    const port = r.int(hc.port, keyPath(path, "port"), PORT) ?? defaults.port;
    let checkPath = r.string(hc.path, keyPath(path, "path"));
    if (checkPath !== undefined && protocol === "TCP") {
        r.problems.add(
            keyPath(path, "path"),
            "is set on a TCP health check",
            'remove the path, or set protocol "HTTP" or "HTTPS"',
        );
        checkPath = undefined;
    } else if (checkPath !== undefined && !/^\/[\x21-\x7e]*$/.test(checkPath)) {
        r.problems.add(
            keyPath(path, "path"),
            `${JSON.stringify(checkPath)} is not an absolute URL path`,
            'start it with "/" and leave out spaces',
        );
    }
    const interval =
        r.int(hc.intervalSeconds, keyPath(path, "intervalSeconds"), limits.interval) ??
        DEFAULTS.intervalSeconds;
    const timeout = readTimeout(r, hc.timeoutSeconds, keyPath(path, "timeoutSeconds"), limits);
    if (timeout !== undefined && timeout > interval) {
        r.problems.add(
            keyPath(path, "timeoutSeconds"),
            `${timeout}s is longer than the ${interval}s interval`,
            "make timeoutSeconds at most intervalSeconds",
        );
    }
    const healthy = r.int(hc.healthyThreshold, keyPath(path, "healthyThreshold"), limits.threshold);
    const unhealthy =
        r.int(hc.unhealthyThreshold, keyPath(path, "unhealthyThreshold"), limits.threshold) ??
        DEFAULTS.unhealthyThreshold;
    if (limits.oneThreshold && healthy !== undefined && healthy !== unhealthy) {
        r.problems.add(
            keyPath(path, "healthyThreshold"),
            `${healthy} differs from the unhealthy threshold ${unhealthy}; ${limits.oneThreshold}`,
            "set healthyThreshold equal to unhealthyThreshold, or leave it out",
        );
    }
    return {
        protocol,
        port,
        path: protocol === "TCP" ? undefined : (checkPath ?? defaults.httpPath),
        intervalSeconds: interval,
        timeoutSeconds: timeout,
        healthyThreshold: healthy ?? DEFAULTS.healthyThreshold,
        unhealthyThreshold: unhealthy,
    };
}

function readTimeout(r: Reader, raw: Raw, path: string, limits: CloudLimits): number | undefined {
    if (!("unsupported" in limits.timeout)) return r.int(raw, path, limits.timeout);
    if (raw !== undefined && raw !== null)
        r.problems.add(
            path,
            `is not available: ${limits.timeout.unsupported}`,
            "remove timeoutSeconds",
        );
    return undefined;
}

/**
 * Whether a frontend is dual-stack, the input that says so (for the fix of a stray IPv6 CIDR),
 * and where its clients come from when allowedCidrs is left out.
 */
interface Stack {
    ipv6: boolean;
    ipv6Path: string;
    fallback: Record<Family, string[]>;
    /** Set where IPv6 cannot be turned on: why the frontend is IPv4 only. */
    ipv4Only?: string;
}

/** A frontend's own `ipv6`, else the cluster's (Typhoon's IPv4-only apiserver beside dual-stack ingress). */
function readStack(r: Reader, raw: Raw, path: string, cluster: Stack): Stack {
    const own = r.bool(raw, keyPath(path, "ipv6"));
    return {
        ...cluster,
        ipv6: own ?? cluster.ipv6,
        ipv6Path: own === undefined ? cluster.ipv6Path : keyPath(path, "ipv6"),
    };
}

const familiesOf = (stack: Stack): Family[] => (stack.ipv6 ? ["ipv4", "ipv6"] : ["ipv4"]);

function readAllowedCidrs(
    r: Reader,
    raw: Raw,
    path: string,
    stack: Stack,
): Record<Family, string[]> {
    const list = r.list(raw, path);
    if (list === undefined)
        return { ipv4: [...stack.fallback.ipv4], ipv6: stack.ipv6 ? [...stack.fallback.ipv6] : [] };
    if (list.length === 0) {
        r.problems.add(
            path,
            "is empty, so no client could reach the frontend",
            "list at least one CIDR, or leave allowedCidrs out to admit everyone",
        );
    }
    return readCidrs(r, list, path, stack);
}

/** Canonical CIDRs per family; each bad entry is a problem at its own index. */
function readCidrs(r: Reader, list: Raw[], path: string, stack: Stack): Record<Family, string[]> {
    const out: Record<Family, string[]> = { ipv4: [], ipv6: [] };
    list.forEach((item, i) => {
        const itemPath = indexPath(path, i);
        const text = r.string(item, itemPath);
        if (text === undefined) return;
        const parsed = parseCidr(text);
        if ("error" in parsed) {
            r.problems.add(itemPath, parsed.error, parsed.fix);
            return;
        }
        const cidr = formatCidr(parsed.cidr);
        if (parsed.cidr.family === "ipv6" && stack.ipv4Only) {
            r.problems.add(
                itemPath,
                `${cidr} is an IPv6 CIDR, but ${stack.ipv4Only}`,
                "remove the CIDR",
            );
        } else if (parsed.cidr.family === "ipv6" && !stack.ipv6) {
            r.problems.add(
                itemPath,
                `${cidr} is an IPv6 CIDR but ${stack.ipv6Path} is false`,
                `set ${stack.ipv6Path}: true, or remove the CIDR`,
            );
        } else if (out[parsed.cidr.family].includes(cidr)) {
            r.problems.add(itemPath, `${cidr} is listed twice`, "remove the duplicate");
        } else {
            out[parsed.cidr.family].push(cidr);
        }
    });
    return out;
}

function readApiserver(
    r: Reader,
    api: Record<string, Raw>,
    stack: Stack,
    limits: CloudLimits,
): Frontend {
    const port = r.int(api.port, "apiserver.port", PORT) ?? DEFAULTS.apiserverPort;
    const targetPort = r.int(api.targetPort, "apiserver.targetPort", PORT) ?? port;
    return {
        key: "apiserver",
        role: "apiserver",
        protocol: "TCP",
        port,
        targetPort,
        backend: "controllers",
        healthCheck: readHealthCheck(
            r,
            api.healthCheck,
            "apiserver.healthCheck",
            // HTTPS /readyz sees a draining apiserver, which a TCP check does not (docs/rollouts.md);
            // CAPZ and CAPG probe it too, and system:public-info-viewer lets probes read it.
            { protocol: "HTTPS", port: targetPort, httpPath: DEFAULTS.apiserverHealthPath },
            limits,
        ),
        families: familiesOf(stack),
        allowedCidrs: readAllowedCidrs(r, api.allowedCidrs, "apiserver.allowedCidrs", stack),
        portPath: "apiserver.port",
        idleTimeoutSeconds:
            r.int(api.idleTimeoutSeconds, "apiserver.idleTimeoutSeconds", limits.idleTimeout) ??
            DEFAULTS.apiserverIdleTimeoutSeconds,
        drainSeconds:
            r.int(api.drainSeconds, "apiserver.drainSeconds", DRAIN) ??
            DEFAULTS.apiserverDrainSeconds,
    };
}

function readIngress(r: Reader, raw: Raw, cluster: Stack, limits: CloudLimits): Frontend[] {
    const ingress = r.object(raw, "ingress");
    if (!ingress) return [];
    const stack = readStack(r, ingress.ipv6, "ingress", cluster);
    const enableHttp = r.bool(ingress.enableHttp, "ingress.enableHttp") ?? true;
    const httpPort = r.int(ingress.httpPort, "ingress.httpPort", PORT) ?? DEFAULTS.httpPort;
    const httpsPort = r.int(ingress.httpsPort, "ingress.httpsPort", PORT) ?? DEFAULTS.httpsPort;
    const httpTargetPort =
        r.int(ingress.httpTargetPort, "ingress.httpTargetPort", PORT) ?? httpPort;
    const httpsTargetPort =
        r.int(ingress.httpsTargetPort, "ingress.httpsTargetPort", PORT) ?? httpsPort;
    const healthCheck = readHealthCheck(
        r,
        ingress.healthCheck,
        "ingress.healthCheck",
        {
            protocol: "HTTP",
            port: DEFAULTS.ingressHealthPort,
            httpPath: DEFAULTS.ingressHealthPath,
        },
        limits,
    );
    const allowedCidrs = readAllowedCidrs(r, ingress.allowedCidrs, "ingress.allowedCidrs", stack);
    const idleTimeoutSeconds = r.int(
        ingress.idleTimeoutSeconds,
        "ingress.idleTimeoutSeconds",
        limits.idleTimeout,
    );
    const frontend = (scheme: "http" | "https", port: number, targetPort: number): Frontend => ({
        key: `ingress-${scheme}`,
        role: "ingress",
        protocol: "TCP",
        port,
        targetPort,
        backend: "workers",
        healthCheck,
        families: familiesOf(stack),
        allowedCidrs,
        portPath: `ingress.${scheme}Port`,
        idleTimeoutSeconds,
    });
    const https = frontend("https", httpsPort, httpsTargetPort);
    return enableHttp ? [frontend("http", httpPort, httpTargetPort), https] : [https];
}

function readServices(r: Reader, raw: Raw, cluster: Stack, limits: CloudLimits): Frontend[] {
    const list = r.list(raw, "services") ?? [];
    const seen = new Map<string, string>();
    const out: Frontend[] = [];
    list.forEach((item, i) => {
        const path = indexPath("services", i);
        const svc = r.object(item, path);
        if (!svc) {
            if (item === undefined || item === null)
                r.problems.add(path, "is empty", "remove the entry, or give it a name and a port");
            return;
        }
        const name = r.required(
            r.string(svc.name, keyPath(path, "name")),
            svc.name,
            keyPath(path, "name"),
            "give the service a name",
        );
        const port = r.required(
            r.int(svc.port, keyPath(path, "port"), PORT),
            svc.port,
            keyPath(path, "port"),
            "give the service its frontend port",
        );
        if (name !== undefined) {
            if (!SERVICE_NAME.test(name) || name.length > 63) {
                r.problems.add(
                    keyPath(path, "name"),
                    `${JSON.stringify(name)} is not a lowercase DNS label`,
                    `use lowercase letters, digits and hyphens, starting with a letter, at most 63 characters${
                        slug(name)
                            ? `, such as ${JSON.stringify(
                                  slug(name)
                                      .replace(/^[^a-z]+/, "")
                                      .slice(0, 63) || "svc",
                              )}`
                            : ""
                    }`,
                );
            } else if (seen.has(name)) {
                r.problems.add(
                    keyPath(path, "name"),
                    `${JSON.stringify(name)} is also the name of ${seen.get(name)}`,
                    "give every service its own name",
                );
            } else {
                seen.set(name, path);
            }
        }
        const targetPort = r.int(svc.targetPort, keyPath(path, "targetPort"), PORT) ?? port;
        const protocol =
            r.oneOf(svc.protocol, keyPath(path, "protocol"), TransportProtocolValues) ?? "TCP";
        const backend =
            r.oneOf(svc.backend, keyPath(path, "backend"), BackendRoleValues) ?? "workers";
        if (protocol === "UDP" && (svc.healthCheck === undefined || svc.healthCheck === null)) {
            // Health checks are TCP or HTTP(S); a TCP connect to a UDP port always fails, and
            // then AWS sends to every target anyway (fail open,
            // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html)
            // while Azure sends no new flows at all
            // (https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview).
            r.problems.add(
                keyPath(path, "healthCheck"),
                "is required for a UDP service: the default TCP check would probe a UDP port, which never answers a TCP connect",
                "give a TCP or HTTP health check on a port the nodes serve, such as kube-proxy's HTTP /healthz on 10256",
            );
        }
        const healthCheck = readHealthCheck(
            r,
            svc.healthCheck,
            keyPath(path, "healthCheck"),
            { protocol: "TCP", port: targetPort ?? 1, httpPath: DEFAULTS.healthPath },
            limits,
        );
        const stack = readStack(r, svc.ipv6, path, cluster);
        const allowedCidrs = readAllowedCidrs(
            r,
            svc.allowedCidrs,
            keyPath(path, "allowedCidrs"),
            stack,
        );
        const idleTimeoutSeconds = r.int(
            svc.idleTimeoutSeconds,
            keyPath(path, "idleTimeoutSeconds"),
            limits.idleTimeout,
        );
        if (name === undefined || port === undefined || targetPort === undefined) return;
        out.push({
            key: `svc-${name}`,
            role: "service",
            serviceName: name,
            protocol,
            port,
            targetPort,
            backend,
            healthCheck,
            families: familiesOf(stack),
            allowedCidrs,
            portPath: keyPath(path, "port"),
            idleTimeoutSeconds,
        });
    });
    return out;
}

function describeFrontend(f: Frontend): string {
    return f.role === "service"
        ? `service ${JSON.stringify(f.serviceName)}`
        : f.key.replace("-", " ");
}

function checkFrontends(r: Reader, frontends: Frontend[], limits: CloudLimits): void {
    const byPort = new Map<string, Frontend>();
    for (const f of frontends) {
        const key = `${f.protocol}/${f.port}`;
        const first = byPort.get(key);
        if (first) {
            r.problems.add(
                f.portPath,
                `${key} is already the frontend of ${describeFrontend(first)} (${first.portPath})`,
                "give every frontend its own port",
            );
        } else {
            byPort.set(key, f);
        }
    }
    if (frontends.length > limits.maxFrontends) {
        r.problems.add(
            "services",
            `${frontends.length} frontends exceed the ${limits.cloud} limit of ${limits.maxFrontends} per load balancer`,
            `remove ${frontends.length - limits.maxFrontends} service(s), or split them across two components`,
        );
    }
}

/** Reads and validates the shared inputs; problems land in the reader. */
export function readCluster(
    r: Reader,
    raw: Raw,
    resourceName: string,
    limits: CloudLimits,
): ClusterSpec {
    const args = r.object(raw, "") ?? {};
    const rawClusterName = r.string(args.clusterName, "clusterName");
    const clusterName = slug(rawClusterName ?? resourceName);
    if (clusterName === "") {
        r.problems.add(
            rawClusterName === undefined ? "(resource name)" : "clusterName",
            `${JSON.stringify(rawClusterName ?? resourceName)} has no letter or digit to build cloud names from`,
            'set clusterName to a name such as "prod"',
        );
    }
    const scheme = r.oneOf(args.scheme, "scheme", SchemeValues) ?? "public";
    const ipv6 = r.bool(args.ipv6, "ipv6") ?? false;
    const apiArgs = r.object(args.apiserver, "apiserver") ?? {};
    const cluster: Stack = {
        ipv6,
        ipv6Path: "ipv6",
        fallback: (scheme === "internal" && limits.internalDefaultCidrs) || {
            ipv4: [ANYWHERE.ipv4],
            ipv6: [ANYWHERE.ipv6],
        },
    };
    const apiStack = readStack(r, apiArgs.ipv6, "apiserver", cluster);
    const internalEndpoint = readInternalEndpoint(r, apiArgs.internal, scheme, limits);
    const frontends = [
        readApiserver(r, apiArgs, apiStack, limits),
        ...readIngress(r, args.ingress, cluster, limits),
        ...readServices(r, args.services, cluster, limits),
    ];
    checkFrontends(r, frontends, limits);
    const dualStack = frontends.some((f) => f.families.includes("ipv6"));
    return {
        resourceName,
        clusterName: clusterName || "cluster",
        scheme,
        ipv6: dualStack,
        families: dualStack ? ["ipv4", "ipv6"] : ["ipv4"],
        frontends,
        // The nodes' sources only ever join the apiserver's rules, so they follow its families.
        nodeSourceCidrs: readCidrs(
            r,
            r.list(args.nodeSourceCidrs, "nodeSourceCidrs") ?? [],
            "nodeSourceCidrs",
            apiStack,
        ),
        tags: r.stringMap(args.tags, "tags") ?? {},
        protectAddresses: r.bool(args.protectAddresses, "protectAddresses") ?? false,
        internalEndpoint,
    };
}

/**
 * `apiserver.internal`, public clusters only (an internal apiserver is the private endpoint
 * already). Left out, its clients default to what an internal apiserver admits on the cloud.
 */
function readInternalEndpoint(
    r: Reader,
    raw: Raw,
    scheme: Scheme,
    limits: CloudLimits,
): InternalEndpointSpec | undefined {
    const path = "apiserver.internal";
    const obj = r.object(raw, path);
    if (!obj) return undefined;
    if (scheme === "internal") {
        r.problems.add(
            path,
            'adds a private endpoint, but with scheme "internal" the apiserver is private already',
            'remove apiserver.internal, or set scheme "public"',
        );
        return undefined;
    }
    const ipv4Only: Stack = {
        ipv6: false,
        ipv6Path: path,
        ipv4Only: "the internal endpoint is IPv4 only (the nodes dial the apiserver over IPv4)",
        fallback: {
            ipv4: limits.internalDefaultCidrs?.ipv4 ?? [ANYWHERE.ipv4],
            ipv6: [],
        },
    };
    const cidrs = readAllowedCidrs(r, obj.allowedCidrs, keyPath(path, "allowedCidrs"), ipv4Only);
    return { allowedCidrs: cidrs.ipv4, raw: obj };
}
