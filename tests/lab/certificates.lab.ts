// The certificate lab (docs/endpoints.md): a serving certificate minted from a component's
// `certSans` verifies on every endpoint (the public one and the private one of
// `apiserver.internal`), by name and by address, over IPv4 and IPv6. The
// apiserver's frontend addresses live on a node namespace of the lab, reached across the lab's
// router; names resolve through the client's own lookup, never through real DNS.
import * as assert from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { DNS_NAME, GCP_DUAL_STACK_DNS } from "../endpoints/fixtures";
import { build, valueOf } from "../support/harness";
import { mintCertificate } from "./certificate";
import { Lab, must, requireLab } from "./netns";

const PORT = 6443;
const NAME = DNS_NAME;

// Serves TLS on every address with the minted key and certificate; prints "ready".
const SERVER = `
const tls = require("tls");
const fs = require("fs");
const [dir, addresses, port] = [process.argv[1], JSON.parse(process.argv[2]), Number(process.argv[3])];
const options = { key: fs.readFileSync(dir + "/key.pem"), cert: fs.readFileSync(dir + "/cert.pem") };
let pending = addresses.length;
for (const host of addresses) {
    tls.createServer(options, (s) => s.end("apiserver\\n"))
        .listen({ host, port, ipv6Only: host.includes(":") }, () => { if (--pending === 0) console.log("ready"); });
}`;

// Dials each target with verification on against the minted certificate as the only CA:
// a name through a lookup that answers the given address, an address as itself.
const CLIENT = `
const tls = require("tls");
const fs = require("fs");
const [dir, targets, port] = [process.argv[1], JSON.parse(process.argv[2]), Number(process.argv[3])];
const ca = fs.readFileSync(dir + "/cert.pem");
const family = (a) => (a.includes(":") ? 6 : 4);
const dial = (t) => new Promise((resolve) => {
    const lookup = (_host, opts, cb) => (opts && opts.all ? cb(null, [{ address: t.address, family: family(t.address) }]) : cb(null, t.address, family(t.address)));
    const s = tls.connect({ host: t.name ?? t.address, port, ca, rejectUnauthorized: true, ...(t.name ? { servername: t.name, lookup } : {}) });
    let data = "";
    s.setTimeout(3000, () => (s.destroy(), resolve({ ...t, result: "timeout" })));
    s.on("data", (d) => (data += d));
    s.on("end", () => resolve({ ...t, result: s.authorized ? data.trim() : "unauthorized", remote: s.remoteAddress }));
    s.on("error", (e) => resolve({ ...t, result: e.code ?? e.message }));
});
(async () => { const out = []; for (const t of targets) out.push(await dial(t)); console.log(JSON.stringify(out)); })();`;

describe("certificate lab: a certificate from certSans verifies on every endpoint", function () {
    let lab: Lab | undefined;
    let server: ChildProcess | undefined;
    let dir: string | undefined;
    let sans: string[] = [];
    let privateAddresses: string[] = [];

    before(async function () {
        requireLab(this, "the certificate lab");
        // A dual-stack Google Cloud apiserver with a Cloud DNS record (a name and two addresses)
        // and a private endpoint beside it (one more address).
        const { result } = await build(
            () =>
                new GcpHaCluster("demo", {
                    ...GCP_DUAL_STACK_DNS,
                    apiserver: { internal: { allowedCidrs: ["10.0.0.0/8"] } },
                }),
        );
        sans = await valueOf(result.certSans);
        privateAddresses = await valueOf(result.internalIpv4Addresses);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-certs-"));
        mintCertificate(dir, "kube-apiserver", sans);

        // The frontend addresses sit on the apiserver node's loopback, routed to it by the lab's router.
        lab = new Lab();
        lab.addNode("client");
        const api = lab.addNode("apiserver");
        for (const address of sans.filter((s) => s !== NAME)) {
            const v6 = address.includes(":");
            must([
                "ip",
                "-n",
                lab.ns("apiserver"),
                "addr",
                "add",
                `${address}/${v6 ? 128 : 32}`,
                "dev",
                "lo",
            ]);
            lab.inLb([
                "ip",
                ...(v6 ? ["-6"] : []),
                "route",
                "add",
                address,
                "via",
                v6 ? api.ipv6 : api.ipv4,
            ]);
        }
        server = spawn(
            "ip",
            [
                "netns",
                "exec",
                lab.ns("apiserver"),
                process.execPath,
                "-e",
                SERVER,
                dir,
                JSON.stringify(sans.filter((s) => s !== NAME)),
                String(PORT),
            ],
            {
                stdio: ["ignore", "pipe", "pipe"],
            },
        );
        let stderr = "";
        server.stderr!.on("data", (d) => (stderr += d));
        await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
                () => reject(new Error(`TLS server not ready: ${stderr}`)),
                10_000,
            );
            server!.stdout!.on(
                "data",
                (d) => String(d).includes("ready") && (clearTimeout(timer), resolve()),
            );
            server!.on(
                "exit",
                (code) => (
                    clearTimeout(timer),
                    reject(new Error(`TLS server exited ${code}: ${stderr}`))
                ),
            );
        });
    });

    after(() => {
        if (server && server.exitCode === null) server.kill("SIGKILL");
        lab?.destroy();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    function dialFromClient(
        targets: { name?: string; address: string }[],
    ): { name?: string; address: string; result: string; remote?: string }[] {
        const r = spawnSync(
            "ip",
            [
                "netns",
                "exec",
                lab!.ns("client"),
                process.execPath,
                "-e",
                CLIENT,
                dir!,
                JSON.stringify(targets),
                String(PORT),
            ],
            {
                encoding: "utf8",
                timeout: 20_000,
            },
        );
        assert.strictEqual(r.status, 0, r.stderr);
        return JSON.parse(r.stdout);
    }

    it("certSans hold the record's name, the apiserver's IPv4 and IPv6 addresses and the private endpoint's", () => {
        assert.strictEqual(sans.length, 4);
        assert.strictEqual(sans[0], NAME);
        assert.strictEqual(privateAddresses.length, 1);
        assert.ok(
            sans.includes(privateAddresses[0]),
            `${privateAddresses[0]} in ${sans.join(", ")}`,
        );
        assert.ok(
            sans.some((s) => /^\d+\.\d+\.\d+\.\d+$/.test(s)) && sans.some((s) => s.includes(":")),
            sans.join(", "),
        );
    });

    it("verifies by address and by name (resolved to each address), over IPv4 and IPv6", () => {
        const addresses = sans.filter((s) => s !== NAME);
        const targets: { name?: string; address: string }[] = [
            ...addresses.map((address) => ({ address })),
            ...addresses.map((address) => ({ name: NAME, address })),
        ];
        const results = dialFromClient(targets);
        assert.deepStrictEqual(
            results.map((r) => [r.name ?? "(address)", r.address, r.result, r.remote]),
            targets.map((t) => [t.name ?? "(address)", t.address, "apiserver", t.address]),
        );
    });

    it("refuses a name the certificate lacks, so verification is on", () => {
        const [address] = sans.filter((s) => s !== NAME);
        const [result] = dialFromClient([{ name: "other.example.com", address }]);
        assert.strictEqual(result.result, "ERR_TLS_CERT_ALTNAME_INVALID");
    });
});
