// Runs every validator over a set of scenarios: one cfn-lint, one discovery check and one
// model check process, then the hand-written rules.
import { lintAws } from "./aws";
import { validateAzure } from "./azure";
import { Scenario } from "./collect";
import { validateGcp } from "./gcp";
import { ensureVenv } from "./python";
import { checkRules } from "./rules";
import { Violation } from "./violations";

export function judge(scenarios: Scenario[]): Violation[] {
    ensureVenv();
    const of = (cloud: Scenario["cloud"]) => scenarios.filter((s) => s.cloud === cloud);
    return [
        ...lintAws(of("aws")),
        ...validateGcp(of("gcp")),
        ...validateAzure(of("azure")),
        ...checkRules(scenarios),
    ];
}
