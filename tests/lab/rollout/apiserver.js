// A stand-in kube-apiserver for the rollout lab: a real HTTPS server with /readyz, short
// requests (/api) and watches (/watch), which stops as kube-apiserver does on SIGTERM
// (kubernetes/kubernetes#88911; the flags in
// https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/):
// - /readyz fails at once, everything else is served as before for --shutdown-delay-duration;
// - then it accepts no new requests: with --shutdown-send-retry-after it keeps listening and
//   answers them 429 with Retry-After until the requests in flight are done, else it closes
//   its listener at once;
// - watches end cleanly within --shutdown-watch-termination-grace-period, so clients re-list;
// - the process exits once every connection is closed.
// Usage: node apiserver.js NAME PORT CERT KEY FLAGS_JSON MS_PER_SECOND
"use strict";
const fs = require("fs");
const https = require("https");
const { clearInterval, setInterval, setTimeout } = require("timers");

const [name, port, cert, key, flagsJson, msPerSecond] = process.argv.slice(2);
const flags = Object.fromEntries(JSON.parse(flagsJson).map((f) => f.replace(/^--/, "").split("=")));
const scaled = (duration) => Number(/^(\d+)s$/.exec(duration ?? "0s")[1]) * Number(msPerSecond);
const delayMs = scaled(flags["shutdown-delay-duration"]);
const watchGraceMs = scaled(flags["shutdown-watch-termination-grace-period"]);
const sendRetryAfter = flags["shutdown-send-retry-after"] === "true";
const WATCH_EVENT_MS = 25;

let terminating = false;
let notAccepting = false;
let inFlight = 0;
const watches = new Set();

const server = https.createServer(
    { cert: fs.readFileSync(cert), key: fs.readFileSync(key) },
    (req, res) => {
        if (req.url === "/readyz") {
            res.writeHead(terminating ? 500 : 200).end(
                terminating ? "[-]shutdown failed\n" : "ok\n",
            );
            return;
        }
        if (notAccepting) {
            // Only reached with --shutdown-send-retry-after: the listener is still open.
            res.writeHead(429, { "Retry-After": "1", Connection: "close" }).end("shutting down\n");
            return;
        }
        if (req.url === "/watch") {
            res.writeHead(200, { "Content-Type": "application/json" });
            const timer = setInterval(
                () => res.write(`{"type":"BOOKMARK","server":"${name}"}\n`),
                WATCH_EVENT_MS,
            );
            const watch = { res, timer };
            watches.add(watch);
            res.on("close", () => (clearInterval(timer), watches.delete(watch)));
            return;
        }
        inFlight++;
        setTimeout(() => {
            res.writeHead(200, { Connection: "close" }).end(`${name}\n`);
            inFlight--;
            maybeStop();
        }, 5);
    },
);

function maybeStop() {
    if (!notAccepting || inFlight > 0) return;
    // The requests in flight are done: stop listening (with or without the 429 window).
    server.close(() => process.exit(0));
    server.closeIdleConnections();
}

function endWatches() {
    const list = [...watches];
    // Watches end one after the other within the grace period, as the apiserver rate-limits them.
    list.forEach((w, i) => {
        setTimeout(
            () => {
                clearInterval(w.timer);
                w.res.end();
            },
            list.length > 1 ? (watchGraceMs * i) / list.length : 0,
        );
    });
}

process.on("SIGTERM", () => {
    terminating = true;
    setTimeout(() => {
        notAccepting = true;
        if (!sendRetryAfter) server.close(() => process.exit(0));
        endWatches();
        maybeStop();
    }, delayMs);
});

server.listen(Number(port), "127.0.0.1", () => console.log("ready"));
