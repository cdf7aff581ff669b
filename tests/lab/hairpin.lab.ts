// The node-side hairpin scripts on a real kernel. Each scenario builds its own network of
// namespaces (netns.ts), generates the script with the model functions that ship, and shows
// the failure without the script before the fix with it.
import * as assert from "assert";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { azureHairpinScript } from "../../provider/src/model/azure/hairpin";
import { planAzure } from "../../provider/src/model/azure";
import { ClusterSpec } from "../../provider/src/model/cluster";
import { gcpHairpinScript, GcpRoleAddress } from "../../provider/src/model/gcp/hairpin";
import { frontendsOf, ROLES } from "../../provider/src/model/frontends";
import { BackendRole } from "../../provider/src/generated/enums";
import { addressState, Lab, must, natRules, NodeAddress, requireLab } from "./netns";

const ROOT_ONLY = "hacluster: the hairpin workaround must run as root\n";
const NAMES: Record<BackendRole, string> = { controllers: "controller", workers: "worker" };

// ---- Azure ---------------------------------------------------------------------------------

const AZURE_FRONTEND = { ipv4: "10.77.0.10", ipv6: "fd77::10" };

function azureSpec(): ClusterSpec {
    const result = planAzure(
        {
            resourceGroupName: "rg",
            scheme: "internal",
            subnetId: "/subnet",
            ipv6: true,
            ingress: {},
        },
        "lab",
    );
    if (!result.plan)
        throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    return result.plan.cluster;
}

const azureScript = () => azureHairpinScript(azureSpec(), AZURE_FRONTEND);

/**
 * The plan's frontends on one internal frontend address per family, each forwarded to its
 * role's node on the target port. Azure's internal load balancer does not hairpin: a backend's
 * flow to a frontend that maps back to that backend fails
 * (https://kurl.sh/docs/install-with-kurl/public-cloud-load-balancing, "Internal Load Balancers
 * in Azure do not support hairpinning"; the limitations in
 * https://learn.microsoft.com/en-us/azure/load-balancer/components#limitations). This one drops
 * such a flow too.
 */
async function azureLab(): Promise<{ lab: Lab; nodes: Record<BackendRole, NodeAddress> }> {
    const lab = new Lab();
    const nodes = {
        controllers: lab.addNode(NAMES.controllers),
        workers: lab.addNode(NAMES.workers),
    };
    lab.addNode("client");
    lab.addPod(NAMES.workers, "pod");
    lab.warm(["controller", "worker", "client"]);
    const spec = azureSpec();
    const forward = ROLES.flatMap((role) =>
        frontendsOf(spec, role).flatMap((f) => {
            const p = f.protocol.toLowerCase();
            return [
                `ip daddr ${AZURE_FRONTEND.ipv4} ${p} dport ${f.port} dnat ip to ${nodes[role].ipv4}:${f.targetPort}`,
                `ip6 daddr ${AZURE_FRONTEND.ipv6} ${p} dport ${f.port} dnat ip6 to [${nodes[role].ipv6}]:${f.targetPort}`,
            ];
        }),
    );
    const noHairpin = Object.values(nodes).flatMap((n) => [
        `ip saddr ${n.ipv4} ip daddr ${n.ipv4} drop`,
        `ip6 saddr ${n.ipv6} ip6 daddr ${n.ipv6} drop`,
    ]);
    lab.nft(`table inet azurelb {
        chain frontends { type nat hook prerouting priority dstnat; policy accept;
            ${forward.join("\n")}
        }
        chain nohairpin { type filter hook forward priority filter; policy accept;
            ${noHairpin.join("\n")}
        }
    }`);
    await azureListeners(lab, Object.values(nodes));
    return { lab, nodes };
}

/** Every node answers its own name on every target port, on its own addresses only. */
async function azureListeners(lab: Lab, nodes: NodeAddress[]): Promise<void> {
    const ports = [...new Set(azureSpec().frontends.map((f) => f.targetPort))];
    for (const n of nodes)
        await lab.listen(
            n.name,
            ports.flatMap((port) =>
                [n.ipv4, n.ipv6].map((host) => ({ host, port, answer: n.name })),
            ),
        );
}

// ---- Google Cloud --------------------------------------------------------------------------

const GCP = {
    apiserver: "10.77.0.20",
    apiserver6: "fd77::20",
    ingress: "10.77.0.21",
    shared: "10.77.0.22",
};
const POD_PORT = 8080;
/** A NodePort that kube-proxy serves on the node's interface addresses (IPVS mode, nodePortAddresses). */
const NODEPORT_LISTED = 30443;
/** A NodePort that kube-proxy's iptables mode serves on every local destination. */
const NODEPORT_ADDRTYPE = 30080;

/** Per-role addresses: the apiserver's on controllers, ingress and services on workers. */
const PER_ROLE: GcpRoleAddress[] = [
    { role: "controllers", family: "ipv4", address: GCP.apiserver },
    { role: "controllers", family: "ipv6", address: GCP.apiserver6 },
    { role: "workers", family: "ipv4", address: GCP.ingress },
];
/** The old contract: one address for every frontend, aliased on both roles. */
const SHARED: GcpRoleAddress[] = ROLES.map((role) => ({
    role,
    family: "ipv4",
    address: GCP.shared,
}));

/**
 * Google's guest environment routes each load-balancer address a VM serves to the VM itself
 * (https://cloud.google.com/load-balancing/docs/internal, "How internal passthrough Network Load
 * Balancers work"), with `ip route add to local $IP/32 dev eth0 proto 66`
 * (GoogleCloudPlatform/compute-image-packages,
 * google_compute_engine/networking/ip_forwarding/ip_forwarding.py; the routes are lost with the
 * local table, GoogleCloudPlatform/guest-agent#103).
 */
function guestEnvironment(lab: Lab, node: string, addresses: string[]): void {
    for (const a of addresses)
        must([
            "ip",
            "-n",
            lab.ns(node),
            "route",
            "add",
            "to",
            "local",
            `${a}/32`,
            "dev",
            "eth0",
            "table",
            "local",
            "proto",
            "66",
        ]);
}

/**
 * kube-proxy's NodePorts. In IPVS mode, and with `nodePortAddresses`, kube-proxy serves NodePorts
 * on the addresses it reads from the node's interfaces at each sync (kubernetes/community,
 * contributors/design-proposals/network/nodeport-ip-range.md: IPVS virtual services per node IP,
 * "fetch all IPs from host"); a local route is not an interface address. In iptables mode it
 * matches `-m addrtype --dst-type LOCAL`, which a local route satisfies. Each call is one sync.
 */
function kubeProxySync(lab: Lab, node: NodeAddress): void {
    const pod = `${node.ipv4}:${POD_PORT}`;
    const r = lab.sh(
        node.name,
        `
        iptables -t nat -N LAB-NODEPORTS 2>/dev/null; iptables -t nat -F LAB-NODEPORTS
        for chain in PREROUTING OUTPUT; do
            iptables -t nat -C $chain -j LAB-NODEPORTS 2>/dev/null || iptables -t nat -A $chain -j LAB-NODEPORTS
        done
        for a in $(ip -o -4 address show scope global | awk '{ split($4, p, "/"); print p[1] }'); do
            iptables -t nat -A LAB-NODEPORTS -d "$a" -p tcp --dport ${NODEPORT_LISTED} -j DNAT --to-destination ${pod}
        done
        iptables -t nat -A LAB-NODEPORTS -m addrtype --dst-type LOCAL -p tcp --dport ${NODEPORT_ADDRTYPE} -j DNAT --to-destination ${pod}`,
    );
    assert.strictEqual(r.status, 0, r.stderr);
}

/**
 * A passthrough load balancer: packets keep the load-balancer address as their destination and
 * are routed to a node of the port's role (fwmark per role, one routing table per role).
 */
async function gcpLab(): Promise<{ lab: Lab; nodes: Record<BackendRole, NodeAddress> }> {
    const lab = new Lab();
    const nodes = {
        controllers: lab.addNode(NAMES.controllers),
        workers: lab.addNode(NAMES.workers),
    };
    lab.addNode("client");
    lab.addPod(NAMES.workers, "pod");
    lab.warm(["controller", "worker", "client"]);
    const ports: Record<BackendRole, string> = {
        controllers: "6443",
        workers: `{ 80, 443, ${NODEPORT_LISTED}, ${NODEPORT_ADDRTYPE} }`,
    };
    const steer = [
        ["controllers", GCP.apiserver],
        ["workers", GCP.ingress],
        ...ROLES.map((role) => [role, GCP.shared]),
    ].map(
        ([role, address]) =>
            `ip daddr ${address} tcp dport ${ports[role as BackendRole]} meta mark set ${GCP_MARK[role as BackendRole]}`,
    );
    lab.nft(`table ip gcplb { chain steer { type filter hook prerouting priority mangle; policy accept;
        ${steer.join("\n")}
    }
    }`);
    for (const role of ROLES) {
        lab.inLb([
            "ip",
            "rule",
            "add",
            "fwmark",
            String(GCP_MARK[role]),
            "table",
            String(GCP_MARK[role]),
        ]);
        steerTo(lab, role);
    }
    await gcpNode(lab, nodes.controllers, [GCP.apiserver, GCP.shared]);
    await gcpNode(lab, nodes.workers, [GCP.ingress, GCP.shared]);
    return { lab, nodes };
}

/** The load balancer's fwmark and routing table per role. */
const GCP_MARK: Record<BackendRole, number> = { controllers: 101, workers: 102 };

/** Routes a role's marked packets to its node (again after the node reboots: its link is new). */
function steerTo(lab: Lab, role: BackendRole): void {
    lab.inLb([
        "ip",
        "route",
        "replace",
        "default",
        "via",
        lab.address(NAMES[role]).ipv4,
        "table",
        String(GCP_MARK[role]),
    ]);
}

/** A node as it boots: the guest environment's routes, listeners on every address, kube-proxy. */
async function gcpNode(lab: Lab, node: NodeAddress, served: string[]): Promise<void> {
    guestEnvironment(lab, node.name, served);
    const wildcard = ["0.0.0.0", "::"].flatMap((host) =>
        [6443, 80, 443].map((port) => ({ host, port, answer: node.name })),
    );
    await lab.listen(node.name, [
        ...wildcard,
        { host: node.ipv4, port: POD_PORT, answer: `${node.name} pod` },
    ]);
    kubeProxySync(lab, node);
}

// ---- The install recipe --------------------------------------------------------------------

/** The systemd unit of the hairpin install recipe (docs/azure.md): its environment and command. */
function readmeUnit(): { variable: string; execStart: string } {
    const readme = readFileSync(join(__dirname, "../../docs/azure.md"), "utf8");
    const block = [...readme.matchAll(/```ini\n([\s\S]*?)```/g)]
        .map((m) => m[1])
        .find((b) => b.includes("hacluster-hairpin"));
    assert.ok(block, "docs/azure.md shows the hairpin unit");
    const value = (key: string) =>
        block!
            .split("\n")
            .map((l) => l.trim())
            .find((l) => l.startsWith(`${key}=`))!
            .slice(key.length + 1);
    return { variable: value("Environment").split("=")[0], execStart: value("ExecStart") };
}

/** Installs the script as docs/azure.md says, under a private root; returns the boot command. */
function install(script: string, root: string): string {
    const unit = readmeUnit();
    assert.strictEqual(unit.variable, "HACLUSTER_ROLES");
    const path = unit.execStart.split(" ").find((w) => w.includes("hacluster-hairpin"))!;
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), script);
    return unit.execStart.replace(path, join(root, path));
}

/** Runs the installed unit's ExecStart in a node with its roles, as systemd does at boot. */
function boot(lab: Lab, node: string, command: string, roles: string): void {
    const r = lab.sh(node, command, { env: { HACLUSTER_ROLES: roles } });
    assert.strictEqual(r.status, 0, r.stderr);
}

// ---- Scenarios -----------------------------------------------------------------------------

describe("hairpin lab: the node-side scripts in Linux network namespaces", function () {
    before(function () {
        requireLab(this, "the hairpin lab");
    });

    describe("1. Azure internal load balancer", () => {
        let lab: Lab;
        let nodes: Record<BackendRole, NodeAddress>;
        before(async () => ({ lab, nodes } = await azureLab()));
        after(() => lab?.destroy());
        const { ipv4, ipv6 } = AZURE_FRONTEND;

        it("the lab's load balancer forwards each frontend to its role, for a client", () => {
            assert.deepStrictEqual(
                [
                    lab.dial("client", ipv4, 6443),
                    lab.dial("client", ipv6, 6443),
                    lab.dial("client", ipv4, 443),
                    lab.dial("client", ipv6, 80),
                ],
                ["controller", "controller", "worker", "worker"],
            );
        });

        it("without the script a controller's dial to the apiserver frontend times out, over IPv4 and IPv6", () => {
            assert.deepStrictEqual(
                [lab.dial("controller", ipv4, 6443), lab.dial("controller", ipv6, 6443)],
                ["timeout", "timeout"],
            );
        });

        it("with HACLUSTER_ROLES=controllers the controller reaches itself through the frontend", () => {
            const r = lab.script("controller", azureScript(), { HACLUSTER_ROLES: "controllers" });
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(
                [lab.dial("controller", ipv4, 6443), lab.dial("controller", ipv6, 6443)],
                ["controller", "controller"],
            );
            assert.match(
                natRules(lab, "controller"),
                new RegExp(
                    `-A OUTPUT -d ${ipv4}/32 -p tcp -m tcp --dport 6443 -j DNAT --to-destination ${nodes.controllers.ipv4}:6443`,
                ),
            );
        });

        it("without the script a worker's dial to ingress times out, from the node and from its pod", () => {
            assert.deepStrictEqual(
                [lab.dial("worker", ipv4, 443), lab.dial("worker", ipv6, 443)],
                ["timeout", "timeout"],
            );
            // The pod's flow leaves masqueraded to the worker's address, so it is the worker's own hairpin.
            assert.deepStrictEqual(
                [lab.dial("pod", ipv4, 443), lab.dial("pod", ipv6, 443)],
                ["timeout", "timeout"],
            );
        });

        it("with HACLUSTER_ROLES=workers the worker reaches its own ingress, and the apiserver still through the load balancer", () => {
            const r = lab.script("worker", azureScript(), { HACLUSTER_ROLES: "workers" });
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(
                [
                    lab.dial("worker", ipv4, 443),
                    lab.dial("worker", ipv6, 443),
                    lab.dial("worker", ipv4, 80),
                ],
                ["worker", "worker", "worker"],
            );
            assert.deepStrictEqual(
                [lab.dial("worker", ipv4, 6443), lab.dial("worker", ipv6, 6443)],
                ["controller", "controller"],
            );
        });

        it("with the script a pod on the worker reaches its node's ingress (nat PREROUTING), and the apiserver through the load balancer", () => {
            assert.deepStrictEqual(
                [
                    lab.dial("pod", ipv4, 443),
                    lab.dial("pod", ipv6, 443),
                    lab.dial("pod", ipv4, 6443),
                    lab.dial("pod", ipv6, 6443),
                ],
                ["worker", "worker", "controller", "controller"],
            );
            assert.match(
                natRules(lab, "worker"),
                new RegExp(
                    `-A PREROUTING -d ${ipv4}/32 -p tcp -m tcp --dport 443 -j DNAT --to-destination ${nodes.workers.ipv4}:443`,
                ),
            );
        });
    });

    describe("2. Google Cloud passthrough load balancer", () => {
        let lab: Lab;
        let nodes: Record<BackendRole, NodeAddress>;
        before(async () => ({ lab, nodes } = await gcpLab()));
        after(() => lab?.destroy());

        it("the lab's load balancer delivers each address to its role unchanged, for a client", () => {
            assert.deepStrictEqual(
                [
                    lab.dial("client", GCP.apiserver, 6443),
                    lab.dial("client", GCP.ingress, 443),
                    lab.dial("client", GCP.shared, 6443),
                    lab.dial("client", GCP.shared, 443),
                ],
                ["controller", "worker", "controller", "worker"],
            );
        });

        it("without the script a NodePort is refused on the load-balancer address (kURL's blackhole), from a client and from the node", () => {
            assert.deepStrictEqual(
                [
                    lab.dial("client", GCP.ingress, NODEPORT_LISTED),
                    lab.dial("worker", GCP.ingress, NODEPORT_LISTED),
                ],
                ["refused", "refused"],
            );
            assert.deepStrictEqual(
                [lab.dial("client", nodes.workers.ipv4, NODEPORT_LISTED)],
                ["worker pod"],
                "the NodePort itself is served",
            );
        });

        it("kube-proxy's iptables mode (addrtype LOCAL) matches the local route already", () => {
            assert.deepStrictEqual(
                [
                    lab.dial("client", GCP.ingress, NODEPORT_ADDRTYPE),
                    lab.dial("worker", GCP.ingress, NODEPORT_ADDRTYPE),
                ],
                ["worker pod", "worker pod"],
            );
        });

        it("with the alias the NodePort is served on the load-balancer address", () => {
            for (const role of ROLES) {
                const r = lab.script(NAMES[role], gcpHairpinScript(PER_ROLE), {
                    HACLUSTER_ROLES: role,
                });
                assert.strictEqual(r.status, 0, r.stderr);
                kubeProxySync(lab, nodes[role]);
            }
            assert.deepStrictEqual(
                [
                    lab.dial("client", GCP.ingress, NODEPORT_LISTED),
                    lab.dial("worker", GCP.ingress, NODEPORT_LISTED),
                ],
                ["worker pod", "worker pod"],
            );
        });

        it("with per-role addresses a worker reaches the apiserver's address through the load balancer: the controller answers", () => {
            assert.deepStrictEqual(
                [
                    lab.dial("worker", GCP.apiserver, 6443),
                    lab.dial("controller", GCP.apiserver, 6443),
                ],
                ["controller", "controller"],
            );
            assert.ok(
                !addressState(lab, "worker").includes(GCP.apiserver),
                "the worker does not own the apiserver's address",
            );
        });

        it("with one address shared by both roles (the old contract) the worker answers its own apiserver dial", () => {
            const r = lab.script("worker", gcpHairpinScript(SHARED), {
                HACLUSTER_ROLES: "workers",
            });
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(
                [lab.dial("worker", GCP.shared, 6443), lab.dial("client", GCP.shared, 6443)],
                ["worker", "controller"],
            );
        });
    });

    describe("3. every script", () => {
        let azure: Awaited<ReturnType<typeof azureLab>>;
        let gcp: Awaited<ReturnType<typeof gcpLab>>;
        let root: string;
        before(async () => {
            azure = await azureLab();
            gcp = await gcpLab();
            root = mkdtempSync(join(tmpdir(), "hacluster-lab-"));
        });
        after(() => {
            azure?.lab.destroy();
            gcp?.lab.destroy();
            if (root) rmSync(root, { recursive: true, force: true });
        });

        const cases = ROLES.flatMap((role) => [
            {
                label: `Azure, ${role}`,
                lab: () => azure.lab,
                role,
                script: azureScript,
                state: natRules,
            },
            {
                label: `Google Cloud, ${role}`,
                lab: () => gcp.lab,
                role,
                script: () => gcpHairpinScript(PER_ROLE),
                state: addressState,
            },
        ]);

        for (const c of cases) {
            it(`${c.label}: refuses to run without root, and changes nothing`, () => {
                const before = c.state(c.lab(), NAMES[c.role]);
                const r = c
                    .lab()
                    .script(NAMES[c.role], c.script(), { HACLUSTER_ROLES: c.role }, 65534);
                assert.deepStrictEqual([r.status, r.stderr], [1, ROOT_ONLY]);
                assert.strictEqual(c.state(c.lab(), NAMES[c.role]), before);
            });

            it(`${c.label}: a second run changes nothing`, () => {
                const before = c.state(c.lab(), NAMES[c.role]);
                const runs = [0, 1].map(() => {
                    const r = c
                        .lab()
                        .script(NAMES[c.role], c.script(), { HACLUSTER_ROLES: c.role });
                    assert.strictEqual(r.status, 0, r.stderr);
                    return c.state(c.lab(), NAMES[c.role]);
                });
                assert.notStrictEqual(runs[0], before, "the first run changes the node");
                assert.strictEqual(runs[1], runs[0]);
            });
        }

        it("Azure: installed as the documented unit, a controller reaches itself again after a reboot", async () => {
            const { lab, nodes } = azure;
            const command = install(azureScript(), join(root, "azure"));
            boot(lab, "controller", command, "controllers");
            assert.strictEqual(lab.dial("controller", AZURE_FRONTEND.ipv4, 6443), "controller");
            await lab.removeNode("controller");
            lab.addNode("controller");
            lab.warm(["controller"]);
            await azureListeners(lab, [nodes.controllers]);
            assert.strictEqual(
                lab.dial("controller", AZURE_FRONTEND.ipv4, 6443),
                "timeout",
                "a reboot loses the rules",
            );
            boot(lab, "controller", command, "controllers");
            assert.deepStrictEqual(
                [
                    lab.dial("controller", AZURE_FRONTEND.ipv4, 6443),
                    lab.dial("controller", AZURE_FRONTEND.ipv6, 6443),
                ],
                ["controller", "controller"],
            );
        });

        it("Google Cloud: installed as the documented unit, a worker serves the NodePort again after a reboot", async () => {
            const { lab, nodes } = gcp;
            const command = install(gcpHairpinScript(PER_ROLE), join(root, "gcp"));
            await lab.removeNode("worker");
            lab.addNode("worker");
            lab.warm(["worker"]);
            steerTo(lab, "workers");
            await gcpNode(lab, nodes.workers, [GCP.ingress, GCP.shared]);
            assert.strictEqual(
                lab.dial("client", GCP.ingress, NODEPORT_LISTED),
                "refused",
                "a reboot loses the alias",
            );
            boot(lab, "worker", command, "workers");
            kubeProxySync(lab, nodes.workers);
            assert.deepStrictEqual(
                [
                    lab.dial("client", GCP.ingress, NODEPORT_LISTED),
                    lab.dial("worker", GCP.ingress, NODEPORT_LISTED),
                ],
                ["worker pod", "worker pod"],
            );
        });
    });
});
