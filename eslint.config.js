// The architecture, stated as lint rules (see docs/architecture.md, "Import rules").
// ESLint with typescript-eslint rather than Biome: the floating-promise rule must see real types
// (typescript-eslint asks the TypeScript checker; Biome's rule infers types on its own and is still
// experimental), and import-x's no-restricted-paths judges resolved files, so a rule
// names folders, not the spelling of an import.
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const FEATURES = readdirSync('src/features', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** A feature reaches another only through that feature's index.ts: its public face. */
const featureZones = FEATURES.flatMap((target) =>
  FEATURES.filter((from) => from !== target).map((from) => ({
    target: `./src/features/${target}`,
    from: `./src/features/${from}`,
    except: ['./index.ts'],
    message:
      `features import each other only through src/features/${from}/index.ts, so a feature's insides can change ` +
      'without breaking another; what several features share belongs in src/ui (or src/core for rules).',
  })),
);

const NODE_BUILTINS = builtinModules.flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'public/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.sw.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      // Without these import-x skips .ts files when it resolves imports, and no-restricted-paths sees nothing.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error: an unhandled rejection instead of the error UI.
      // Mark a deliberate fire-and-forget with `void` (its function must then catch its own errors).
      '@typescript-eslint/no-floating-promises': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/core',
              from: './src',
              except: ['./core'],
              message: 'src/core is the one source of truth for domain rules, shared by app and server: it imports nothing outside itself.',
            },
            {
              target: './src/core',
              from: ['./sync-server', './tests', './scripts'],
              message: 'src/core is the one source of truth for domain rules, shared by app and server: it imports nothing outside itself.',
            },
            {
              target: './src/sync',
              from: ['./src/features', './src/ui', './src/App.tsx'],
              message: 'src/sync moves data between Dexie and the server and knows no UI: the UI watches it, not the other way round.',
            },
            {
              target: ['./src/ui', './src/media'],
              from: ['./src/features', './src/App.tsx'],
              message:
                "src/ui (like src/media) holds pieces shared by every feature: it imports no feature, nor a feature's messages, or features would depend on each other through it.",
            },
            {
              target: './sync-server',
              from: ['./src/features', './src/sync', './src/db', './src/ui', './src/App.tsx', './src/main.tsx'],
              message: "the server shares only src/core with the app (the rules both sides apply); the app's sync, Dexie and UI code are the device's.",
            },
            ...featureZones,
          ],
        },
      ],
    },
  },
  {
    // src/core runs unchanged in the browser and in Node, and on the server it must decide alike.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_BUILTINS.map((name) => ({ name, message: 'src/core runs in the browser too: no Node APIs.' })),
            { name: 'dexie', message: "src/core is pure: storage is the caller's (Dexie on the device, the store on the server)." },
            { name: 'solid-js', message: 'src/core is pure: no UI framework.' },
          ],
          patterns: [{ group: ['solid-js/*', 'dexie/*', 'better-sqlite3', 'pg', 'kysely'], message: 'src/core is pure: no storage or UI library.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'location'].map((name) => ({
          name,
          message: 'src/core is pure: no DOM or browser API; the caller passes what the rule needs.',
        })),
        ...['process', 'Buffer', 'require', '__dirname'].map((name) => ({
          name,
          message: 'src/core runs in the browser too: no Node globals.',
        })),
      ],
    },
  },
  {
    // One-off tools outside the TypeScript projects: no type information, so no type-aware rules.
    files: ['scripts/**/*.ts'],
    languageOptions: { parserOptions: { project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
