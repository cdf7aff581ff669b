// Lint for the TypeScript sources and tests: typescript-eslint's recommended rules, and
// import-x's no-cycle (the layout rule: no module imports itself back).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";

export default tseslint.config(
    {
        ignores: [
            "**/.venv*/",
            "**/venv/",
            "bin/",
            "sdk/",
            "dist/",
            "node_modules/",
            "provider/src/generated/",
            "examples/**/node_modules/",
            "examples/**/venv/",
            ".venv/",
            "docs/api/",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        plugins: { "import-x": importX },
        rules: {
            "import-x/no-cycle": "error",
            "@typescript-eslint/no-unused-vars": [
                "error",
                {
                    argsIgnorePattern: "^_",
                    varsIgnorePattern: "^_",
                    destructuredArrayIgnorePattern: "^_",
                },
            ],
            "@typescript-eslint/no-require-imports": [
                "error",
                {
                    // Deliberate synchronous lazy loads: each cloud's component (and SDK) on first
                    // use, yaml only off the single-executable path, and the package under test as
                    // the e2e programs resolve it (tests/e2e/resolveHacluster.ts).
                    allow: [
                        "^\\.\\./(aws|azure|gcp)/\\w+HaCluster$",
                        "^yaml$",
                        "^pulumi-hacluster$",
                    ],
                },
            ],
        },
    },
    {
        // These load code by a path known only at run time, synchronously and afresh: the real
        // module behind the plan CLI's deferred stand-in, a program's file, an SDK module by
        // name, another checkout's sources, a cold load timed in a child process.
        files: [
            "provider/src/plan/deferClosure.ts",
            "tests/bench.ts",
            "tests/bench/direct.ts",
            "tests/conformance/examples.ts",
            "tests/e2e/engine.ts",
            "tests/e2e/mockRun.ts",
            "tests/e2e/replacements/*.ts",
            "tests/e2e/standalone.e2e.ts",
            "tests/e2e/upgrade/*.ts",
            "tests/support/isolation-child.ts",
        ],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
        languageOptions: {
            globals: {
                require: "readonly",
                module: "writable",
                process: "readonly",
                console: "readonly",
                __dirname: "readonly",
                setInterval: "readonly",
            },
        },
    },
    {
        // Plain CommonJS scripts that node runs as they are (--require hooks, spawned helpers,
        // the mocha reporter): require is their module system.
        files: ["**/*.js", "**/*.cjs"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
