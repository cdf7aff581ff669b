// The fake clouds in a process of their own, forked by the bench (tests/bench/engine.ts). An
// inline TypeScript program runs in the bench's process, and its constructors hold that
// process's event loop (minutes for a fleet of 50 on a busy machine): fakes served from there
// missed the engine's wait for a plugin to answer. Over IPC it takes the create times to use
// and answers with the creates it saw and its own CPU time.
import { fakeClouds } from "../e2e/engine";

export interface CreateSpan {
    type: string;
    /** Milliseconds since the epoch. */
    start: number;
    end: number;
}

/** Set (or, with null, clear) the create times; every request is answered with a report. */
export interface FakeRequest {
    id: number;
    delays?: Record<string, number> | null;
}

export interface FakeReport {
    id: number;
    /** The creates answered since the last report. */
    creates: CreateSpan[];
    /** This process's CPU time so far. */
    cpuMs: number;
}

const clouds = fakeClouds();
const send = (message: unknown) => process.send!(message);

Promise.all(Object.values(clouds).map((c) => c.start())).then(([aws, azure, gcp]) =>
    send({ ports: { aws, "azure-native": azure, gcp } }),
);

process.on("message", (m: FakeRequest) => {
    if (m.delays === null) delete process.env.HACLUSTER_FAKE_CREATE_DELAYS;
    else if (m.delays) process.env.HACLUSTER_FAKE_CREATE_DELAYS = JSON.stringify(m.delays);
    const { user, system } = process.cpuUsage();
    const report: FakeReport = {
        id: m.id,
        creates: Object.values(clouds).flatMap((c) => c.createSpans.splice(0)),
        cpuMs: (user + system) / 1000,
    };
    send(report);
});
process.on("disconnect", () => process.exit(0));
