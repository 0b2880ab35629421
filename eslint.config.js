// ESLint for the TypeScript in src/, test/, bench/ and the bundle plugins in scripts/. Rules that
// find defects only: layout is Prettier's job (.prettierrc.json), so no style rules here.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'build/', 'vendor/', '.cache/', 'node_modules/', 'test/fixtures/', 'bench/results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // A deliberately unused argument or binding starts with _ (a callback's shape, a rest omit).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // A terminal monitor matches control characters on purpose: to strip them from process text.
      'no-control-regex': 'off',
    },
  },
  {
    // Type-aware rules that catch lost promises and needless casts. src/, test/ and bench/ each have
    // a tsconfig, so the project service builds one program for each.
    files: ['src/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // React lives in src/ui/ and its tests; elsewhere a function named use* is no hook.
    files: ['src/ui/**/*.{ts,tsx}', 'test/ui/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Ink owns the terminal: a console.* call in src/ tears the screen (log through pino instead).
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-console': 'error' },
  },
  {
    // The screen draws with the memoised Text (src/ui/components/Text.tsx): Ink's own renders
    // again whenever its parent does.
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['src/ui/components/Text.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'ink', importNames: ['Text'], message: 'import Text from src/ui/components/Text.tsx' }] }],
    },
  },
);
