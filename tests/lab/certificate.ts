// A throwaway self-signed serving certificate for the labs' stand-in apiservers, minted with
// openssl (certificates.lab.ts verifies it by its SANs; rollout.lab.ts only serves TLS with it).
import { spawnSync } from "child_process";
import * as path from "path";

/** Writes key.pem and cert.pem (EC P-256, one day) into `dir`; SANs: names as DNS, addresses as IP. */
export function mintCertificate(
    dir: string,
    commonName: string,
    sans: string[] = [],
): { key: string; cert: string } {
    const files = { key: path.join(dir, "key.pem"), cert: path.join(dir, "cert.pem") };
    const san = sans.map((s) => (/^[\d.]+$|:/.test(s) ? `IP:${s}` : `DNS:${s}`)).join(",");
    const argv = [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-keyout",
        files.key,
        "-out",
        files.cert,
        "-subj",
        `/CN=${commonName}`,
        ...(sans.length > 0 ? ["-addext", `subjectAltName=${san}`] : []),
    ];
    const r = spawnSync("openssl", argv, { encoding: "utf8", timeout: 10_000 });
    if (r.error) throw r.error;
    if (r.status !== 0)
        throw new Error(`openssl ${argv.join(" ")} exited ${r.status}: ${r.stderr}`);
    return files;
}
