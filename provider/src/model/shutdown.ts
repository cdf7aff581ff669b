// The apiserver's side of a zero-drop restart (docs/rollouts.md): the load balancer's timing
// decides how long kube-apiserver must keep serving after SIGTERM while `/readyz` fails, so
// that the load balancer has stopped sending it new connections before it stops listening.
import { ClusterSpec } from "./cluster";
import { apiserverOf } from "./frontends";
import { keyPath } from "./read";
import { Reader } from "./read";

/** How a cloud turns failed probes into "no new connections". */
export interface ShutdownTiming {
    /** The longest a probe may take to count as failed. */
    timeoutSeconds: number;
    /** The time the cloud takes to act on a health state once its probes decided it. */
    propagationSeconds: number;
}

export interface ApiserverShutdownPlan {
    shutdownDelaySeconds: number;
    drainSeconds: number;
    terminationGracePeriodSeconds: number;
    healthCheckSeesShutdown: boolean;
    flags: string[];
    kubeadmClusterConfiguration: string;
    kubeadmPatch: string;
}

/** Time the process needs after its drain to exit (closing listeners, flushing logs). */
const EXIT_SECONDS = 10;

/**
 * kubeadm upgrade waits 5 minutes by default for a static pod to come back
 * (`timeouts.upgradeManifests`, kubeadm v1beta4:
 * https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/#kubeadm-k8s-io-v1beta4-Timeouts),
 * and rolls the upgrade back when it does not.
 */
const KUBEADM_UPGRADE_SECONDS = 300;

/**
 * The delay is the time the cloud takes to stop new connections to a failing apiserver: the
 * unhealthy threshold's worth of intervals, the last probe's timeout, and the cloud's
 * propagation. The drain then closes watches and long requests within `drainSeconds`.
 */
export function planShutdown(
    r: Reader,
    spec: ClusterSpec,
    timing: ShutdownTiming,
): ApiserverShutdownPlan {
    const api = apiserverOf(spec);
    const hc = api.healthCheck;
    const delay =
        hc.intervalSeconds * hc.unhealthyThreshold +
        timing.timeoutSeconds +
        timing.propagationSeconds;
    const drain = api.drainSeconds ?? 0;
    const grace = delay + drain + EXIT_SECONDS;
    if (grace > KUBEADM_UPGRADE_SECONDS) {
        r.problems.add(
            keyPath("apiserver.healthCheck", "intervalSeconds"),
            `with unhealthyThreshold ${hc.unhealthyThreshold} and drainSeconds ${drain}, an apiserver needs ${grace}s to stop ` +
                `(a ${delay}s shutdown delay, the drain and ${EXIT_SECONDS}s to exit), longer than the ` +
                `${KUBEADM_UPGRADE_SECONDS}s kubeadm upgrade waits for it`,
            "lower apiserver.healthCheck.intervalSeconds or unhealthyThreshold, or apiserver.drainSeconds",
        );
    }
    const flags = [
        `--shutdown-delay-duration=${delay}s`,
        // New requests that reach a draining apiserver get 429 with Retry-After, which
        // client-go retries elsewhere, instead of a closed connection.
        "--shutdown-send-retry-after=true",
        `--shutdown-watch-termination-grace-period=${drain}s`,
    ];
    return {
        shutdownDelaySeconds: delay,
        drainSeconds: drain,
        terminationGracePeriodSeconds: grace,
        healthCheckSeesShutdown: hc.protocol !== "TCP",
        flags,
        kubeadmClusterConfiguration: kubeadmClusterConfiguration(flags),
        kubeadmPatch: `spec:\n  terminationGracePeriodSeconds: ${grace}\n`,
    };
}

/** kubeadm v1beta4 takes extraArgs as a list of name and value. */
function kubeadmClusterConfiguration(flags: string[]): string {
    const args = flags.map((flag) => {
        const [name, value] = flag.replace(/^--/, "").split("=");
        return `    - name: ${name}\n      value: "${value}"\n`;
    });
    return `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n${args.join("")}`;
}
