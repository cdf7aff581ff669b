// Lint for the TypeScript sources and tests: typescript-eslint's recommended rules, and
// import-x's no-cycle (the layout rule: no module imports itself back).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";

export default tseslint.config(
    { ignores: ["**/.venv*/", "**/venv/", "bin/", "sdk/", "dist/", "node_modules/", "provider/src/generated/", "examples/**/node_modules/", "examples/**/venv/", ".venv/", "docs/api/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        plugins: { "import-x": importX },
        rules: {
            "import-x/no-cycle": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
        },
    },
    {
        files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
        languageOptions: { globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" } },
    },
);
