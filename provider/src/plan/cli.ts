#!/usr/bin/env node
// hacluster-plan (`npm run plan`): renders the hacluster resources of a Pulumi YAML program
// offline, through Pulumi's mock runtime, as text, JSON or Mermaid (./command.ts).
import "./deferClosure";
import { plan } from "./command";

// Exit once stdout has drained: pipes are asynchronous on some systems, and the runtime may
// keep handles open that would otherwise hold the process.
plan(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
}).then((code) => process.stdout.write("", () => process.exit(code)));
