// ESLint 9 flat config: the rules the Remix / Epic Stack templates use, formatting left to
// Prettier (eslint-config-prettier last turns off every rule Prettier decides).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import importX from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/",
      ".cache/",
      "data/",
      "drizzle/",
      "node_modules/",
      "playwright-report/",
      "test-results/",
      "tests/.tmp/",
      "tests/fixtures/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "import-x": importX },
    rules: {
      "import-x/order": [
        "warn",
        {
          groups: ["builtin", "external", "internal", ["parent", "sibling", "index"], "type"],
          pathGroups: [
            { pattern: "#db/**", group: "internal" },
            { pattern: "~/**", group: "internal" },
          ],
          "newlines-between": "never",
          alphabetize: { order: "asc", caseInsensitive: true },
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        // A leading underscore marks a value left out on purpose (`const { a: _a, ...rest } = x`).
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/consistent-type-imports": ["warn", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Tests read JSON answers whose shape they are checking.
    files: ["tests/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Playwright fixtures: `use` is Playwright's, not a React hook, and `{}` is how a fixture says
    // it needs no other fixture.
    files: ["tests/e2e/**"],
    rules: {
      "react-hooks/rules-of-hooks": "off",
      "no-empty-pattern": ["error", { allowObjectPatternsAsParameters: true }],
    },
  },
  {
    // A component that takes autoFocus decides for itself; a DOM element with it is reported.
    rules: { "jsx-a11y/no-autofocus": ["error", { ignoreNonDOM: true }] },
  },
  prettier,
);
