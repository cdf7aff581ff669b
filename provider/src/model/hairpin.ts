// The frame both clouds' hairpin scripts share: a root check, then per role named in
// HACLUSTER_ROLES the commands of that role's frontends, so that a node only changes how it
// reaches the frontends it serves itself.
import { BackendRole } from "../generated/enums";
import { ROLES } from "./frontends";

export const HAIRPIN_ROLES_VARIABLE = "HACLUSTER_ROLES";

const ROOT_CHECK =
    'if [ "$(id -u)" != 0 ]; then echo "hacluster: the hairpin workaround must run as root" >&2; exit 1; fi';

/** A root script: `header` comments, `setup` lines, then each role's `commands` (indented by the caller's four spaces). */
export function roleScript(
    header: string[],
    setup: string[],
    commands: (role: BackendRole) => string[],
): string {
    const cases = ROLES.flatMap((role) => [`  ${role})`, ...commands(role), "    ;;"]);
    return [
        ...header.map((line) => `# ${line}`),
        ROOT_CHECK,
        ...setup,
        `for role in \${${HAIRPIN_ROLES_VARIABLE}:?set ${HAIRPIN_ROLES_VARIABLE} to controllers, workers or both}; do`,
        '  case "$role" in',
        ...cases,
        '  *) echo "hacluster: unknown role $role" >&2; exit 1 ;;',
        "  esac",
        "done",
        "",
    ].join("\n");
}
