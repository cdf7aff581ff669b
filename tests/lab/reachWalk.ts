// Walks one cluster through the reachability lab: compiles its registered resources into the
// lab's namespaces and dials every flow of its report (frontends, health checks, node ports).
import { Family } from "../../provider/src/model/net";
import { Policy, policyOf } from "../../provider/src/plan/policy";
import {
    clientsOf,
    ClusterReachability,
    directClients,
    egressOf,
    portsOf,
    reachabilityOf,
    STAND_INS,
} from "../../provider/src/plan/reachability";
import { ANSWERS, Dial, DIALS, LB_ADDRESS, nodeAddress, ReachNet, VIP } from "./reachNet";
import { ReachScenario } from "./reachScenarios";

export interface Walk {
    expected: Record<string, string>;
    actual: Record<string, string>;
    report: ClusterReachability;
}

/** Where each client address dials from: the NAT gateway owns the nodes' sources, `out` the rest. */
function owners(
    policy: Policy,
    scenario: ReachScenario,
): { owner: Map<string, string>; egress: Partial<Record<Family, string>> } {
    const owner = new Map<string, string>();
    const egress: Partial<Record<Family, string>> = {};
    for (const family of policy.families) {
        // The nodes dial from their own namespaces.
        for (const c of directClients(scenario.spec, policy, family))
            if (c.address && c.kind !== "nodeSource" && c.kind !== "node")
                owner.set(c.address, "out");
        for (const c of directClients(scenario.spec, policy, family))
            if (c.address && c.kind === "nodeSource") owner.set(c.address, "nat");
        const e = egressOf(policy, "controllers", family);
        // Private egress keeps the node's address: no NAT.
        const address = e.symbols.includes("@private")
            ? undefined
            : e.symbols.includes("@outbound")
              ? STAND_INS["@outbound"][family]
              : e.address;
        if (address) {
            owner.set(address, "nat");
            egress[family] = address;
        }
        owner.set(STAND_INS["@probers"][family], "out");
    }
    return { owner, egress };
}

/** Builds the cluster into the lab, dials every flow of its report and returns both answers. */
export async function walk(net: ReachNet, scenario: ReachScenario): Promise<Walk> {
    const t0 = Date.now();
    const policy = policyOf(
        scenario.type,
        scenario.resources,
        scenario.spec,
        scenario.wholeProgram,
    );
    const report = reachabilityOf(policy, scenario.spec);
    const { owner, egress } = owners(policy, scenario);
    const ports = portsOf(policy);
    await net.configure(policy, egress, {
        tcp: ports.filter((p) => p.protocol === "tcp").map((p) => p.port),
        udp: ports.filter((p) => p.protocol === "udp").map((p) => p.port),
    });
    net.setClients(owner);
    const t1 = Date.now();

    const dials = new Map<string, Dial[]>();
    const expected: Record<string, string> = {};
    const add = (ns: string, dial: Dial, answer: string | undefined) => {
        dials.set(ns, [...(dials.get(ns) ?? []), dial]);
        expected[dial.id] = answer ?? "";
    };
    const from = (
        family: Family,
        label: string,
        clients: ReturnType<typeof directClients>,
    ): { ns: string; src: string } => {
        const c = clients.find((x) => x.label === label)!;
        if (c.kind === "node")
            return { ns: DIALS[c.role!], src: nodeAddress(DIALS[c.role!], family) };
        if (c.kind === "loadBalancer") return { ns: "lb", src: LB_ADDRESS[family] };
        return { ns: owner.get(c.address!)!, src: c.address! };
    };
    for (const flow of report.frontends) {
        const clients = clientsOf(scenario.spec, policy, flow.frontend, flow.family);
        const f = policy.frontends.find(
            (x) => x.key === flow.frontend && x.family === flow.family,
        )!;
        const { ns, src } = from(flow.family, flow.client, clients);
        add(
            ns,
            {
                id: `frontend ${flow.frontend} ${flow.family} from ${flow.client}`,
                proto: flow.protocol,
                src,
                dst: VIP[f.role][flow.family],
                port: flow.port,
            },
            flow.reaches,
        );
    }
    for (const probe of report.probes) {
        const f = policy.frontends.find(
            (x) =>
                x.role === probe.role && x.health.port === probe.port && x.family === probe.family,
        )!;
        const lb = policy.probeSource === "@lb";
        add(
            lb ? "lb" : "out",
            {
                id: `probe ${probe.role} tcp/${probe.port} ${probe.family}`,
                proto: "tcp",
                src: lb ? LB_ADDRESS[probe.family] : STAND_INS["@probers"][probe.family],
                dst: nodeAddress(ANSWERS[probe.role], probe.family),
                port: probe.port,
                path: f.health.protocol === "http" ? (f.health.path ?? "/") : undefined,
            },
            probe.reaches,
        );
    }
    const direct = {
        ipv4: directClients(scenario.spec, policy, "ipv4"),
        ipv6: directClients(scenario.spec, policy, "ipv6"),
    };
    for (const n of report.nodes) {
        const { ns, src } = from(n.family, n.client, direct[n.family]);
        add(
            ns,
            {
                id: `node ${n.role} ${n.protocol}/${n.port} ${n.family} from ${n.client}`,
                proto: n.protocol,
                src,
                dst: nodeAddress(ANSWERS[n.role], n.family),
                port: n.port,
            },
            n.reaches,
        );
    }
    const actual = await net.dial(dials);
    if (process.env.REACH_TIMING)
        console.log(
            `      ${scenario.id}: configure ${t1 - t0} ms, ${Object.keys(expected).length} dials ${Date.now() - t1} ms`,
        );
    return { expected, actual, report };
}

export function differences(w: Walk): string[] {
    return Object.keys(w.expected)
        .filter((id) => w.expected[id] !== w.actual[id])
        .map(
            (id) =>
                `${id}: report ${w.expected[id] || "stopped"}, lab ${w.actual[id] || "stopped"}`,
        );
}
