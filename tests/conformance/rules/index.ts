import { Scenario } from "../collect";
import { Violation } from "../violations";
import { AWS_RULES } from "./aws";
import { AZURE_RULES } from "./azure";
import { GCP_RULES } from "./gcp";
import { Rule } from "./rule";

const HAND_RULES: Record<Scenario["cloud"], Rule[]> = {
    aws: AWS_RULES,
    azure: AZURE_RULES,
    gcp: GCP_RULES,
};

/** Every hand-written rule of the scenario's cloud, over its registrations. */
export function checkRules(scenarios: Scenario[]): Violation[] {
    return scenarios.flatMap((s) =>
        HAND_RULES[s.cloud].flatMap((rule) =>
            rule.check(s.resources).map((f) => ({
                scenario: s.id,
                resource: f.resource,
                rule: rule.id,
                message: f.message,
                source: rule.source,
            })),
        ),
    );
}
