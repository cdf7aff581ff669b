// The figures measured through the real Pulumi engine (tests/bench/engine.ts): preview of the
// component against the same resources declared directly, the deploy critical path under
// `pulumi up` with per-type create times, and preview scaling from 10 to 100 services.
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { Registered } from "../support/harness";
import { BenchEngine, Cloud, criticalPath, declareDirectly, registrations, timeOf } from "./engine";

export interface EngineFigure {
    figure: string;
    value: number;
    unit: "x";
    target: string;
    detail: string;
}

const RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 5);
const VNET = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet";
const gcpInstance = (zone: string, name: string) => `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${zone}/instances/${name}`;
const services = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `svc-${i}`, port: 20000 + i }));

/** One cluster per cloud, with ingress and `n` services. */
const CLUSTERS: Record<Cloud, (n: number) => () => unknown> = {
    aws: (n) => () =>
        new AwsHaCluster("bench", {
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"],
            controllers: { instanceIds: ["i-0a", "i-0b", "i-0c"] },
            workers: { instanceIds: ["i-1a", "i-1b"] },
            ingress: {},
            services: services(n),
        }),
    azure: (n) => () =>
        new AzureHaCluster("bench", {
            resourceGroupName: "rg",
            virtualNetworkId: VNET,
            controllers: { ipAddresses: ["10.0.1.4", "10.0.1.5", "10.0.1.6"] },
            workers: { ipAddresses: ["10.0.2.4", "10.0.2.5"] },
            ingress: {},
            services: services(n),
        }),
    gcp: (n) => () =>
        new GcpHaCluster("bench", {
            region: "us-central1",
            network: "projects/demo-project/global/networks/k8s",
            subnetwork: "projects/demo-project/regions/us-central1/subnetworks/k8s-nodes",
            controllers: { instances: ["a", "b", "c"].map((z) => gcpInstance(z, `controller-${z}`)) },
            workers: { instances: ["a", "b"].map((z) => gcpInstance(z, `worker-${z}`)) },
            ingress: {},
            services: services(n),
        }),
};

/** AWS allows 50 listeners per NLB; the apiserver and ingress take three of them. */
const PREVIEW_SERVICES: Record<Cloud, number> = { aws: 47, azure: 50, gcp: 50 };

/**
 * Typical create times in seconds, per resource type (what each cloud's console and the
 * providers' waiters report; an NLB takes about three minutes to become active).
 */
const CREATE_SECONDS: Record<string, number> = {
    "aws:lb/loadBalancer:LoadBalancer": 180,
    "aws:lb/targetGroup:TargetGroup": 2,
    "aws:lb/listener:Listener": 2,
    "aws:ec2/securityGroup:SecurityGroup": 3,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 1,
    "azure-native:network:LoadBalancer": 30,
    "azure-native:network:PublicIPAddress": 5,
    "gcp:compute/forwardingRule:ForwardingRule": 20,
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": 20,
    "gcp:compute/regionBackendService:RegionBackendService": 15,
    "gcp:compute/backendService:BackendService": 15,
    "gcp:compute/regionHealthCheck:RegionHealthCheck": 10,
    "gcp:compute/healthCheck:HealthCheck": 10,
    "gcp:compute/instanceGroup:InstanceGroup": 10,
    "gcp:compute/address:Address": 5,
    "gcp:compute/globalAddress:GlobalAddress": 5,
    "gcp:compute/firewall:Firewall": 10,
};
/** Milliseconds of fake create time per second of real create time. */
const SCALE = Number(process.env.BENCH_DELAY_SCALE ?? 100);
/** Enough parallel operations that only dependencies order the creates (the CLI's default is 4 per core). */
const PARALLEL = 1000;
const DEPLOY_SERVICES = 10;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Medians of two operations measured in turn. */
async function inTurn(runs: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number, number]> {
    const [ta, tb]: number[][] = [[], []];
    for (let i = 0; i < runs; i++) {
        ta.push(await timeOf(a));
        tb.push(await timeOf(b));
    }
    return [median(ta), median(tb)];
}

export async function engineFigures(report: (f: EngineFigure) => void, clouds: Cloud[] = ["aws", "azure", "gcp"]): Promise<void> {
    // Registrations first: the mock runtime and the engine's inline programs share @pulumi/pulumi's settings.
    // One at a time: each build replaces the mocks.
    const direct: Partial<Record<Cloud, Registered[]>> = {};
    for (const c of clouds) direct[c] = await registrations(c, CLUSTERS[c](PREVIEW_SERVICES[c]));
    const engine = new BenchEngine();
    await engine.start();
    try {
        for (const cloud of clouds) {
            const n = PREVIEW_SERVICES[cloud];
            const ours = await engine.stack(`${cloud}-component`, cloud, CLUSTERS[cloud](n));
            const theirs = await engine.stack(`${cloud}-direct`, cloud, () => declareDirectly(cloud, direct[cloud]!));
            const [component, plain] = await inTurn(RUNS, () => ours.preview(), () => theirs.preview());
            report({
                figure: `preview through the engine (${cloud})`,
                value: component / plain,
                unit: "x",
                target: "<= 1.15",
                detail: `${cloud} cluster with ingress and ${n} services ${(component / 1000).toFixed(1)} s / the same ${direct[cloud]!.length} resources declared directly ${(plain / 1000).toFixed(1)} s, medians of ${RUNS}`,
            });
        }

        const [t10, t100] = await (async () => {
            const small = await engine.stack("scale-10", "gcp", CLUSTERS.gcp(10));
            const large = await engine.stack("scale-100", "gcp", CLUSTERS.gcp(100));
            return inTurn(RUNS, () => small.preview(), () => large.preview());
        })();
        report({
            figure: "engine scaling per service, 100 vs 10",
            value: t100 / 100 / (t10 / 10),
            unit: "x",
            target: "<= 1.2",
            detail: `GcpHaCluster preview ${(t100 / 100).toFixed(0)} ms vs ${(t10 / 10).toFixed(0)} ms per service (${(t100 / 1000).toFixed(1)} s / ${(t10 / 1000).toFixed(1)} s), medians of ${RUNS}`,
        });

        const delays = Object.fromEntries(Object.entries(CREATE_SECONDS).map(([t, s]) => [t, s * SCALE]));
        for (const cloud of clouds) {
            const stack = await engine.stack(`${cloud}-deploy`, cloud, CLUSTERS[cloud](DEPLOY_SERVICES));
            const ups: number[] = [];
            const bare: number[] = [];
            let path = { ms: 0, chain: [] as string[] };
            for (let i = 0; i < Math.min(RUNS, 3); i++) {
                process.env.HACLUSTER_FAKE_CREATE_DELAYS = JSON.stringify(delays);
                ups.push(await timeOf(() => stack.up({ parallel: PARALLEL })));
                path = criticalPath((await stack.exportStack()).deployment.resources, (t) => delays[t] ?? 0);
                await stack.destroy();
                delete process.env.HACLUSTER_FAKE_CREATE_DELAYS;
                bare.push(await timeOf(() => stack.up({ parallel: PARALLEL })));
                await stack.destroy();
            }
            const up = median(ups);
            report({
                figure: `deploy critical path (${cloud})`,
                value: up / path.ms,
                unit: "x",
                target: "<= 1.1",
                detail: `up ${(up / 1000).toFixed(1)} s against the longest chain ${(path.ms / 1000).toFixed(1)} s (${path.chain.join(" → ")}; 1 s of create time = ${SCALE} ms; ${DEPLOY_SERVICES} services; --parallel ${PARALLEL}); the same up without create times ${(median(bare) / 1000).toFixed(1)} s; medians of ${ups.length}`,
            });
        }
    } finally {
        engine.stop();
    }
}
