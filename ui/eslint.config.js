import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default defineConfig(
  {
    ignores: [
      'dist/',
      'node_modules/',
      // Generated from the Rust types by tauri-specta.
      'src/lib/api/bindings.ts',
    ],
  },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    // The backend boundary: only src/lib/api talks to Tauri. Screens and domain
    // modules go through its typed functions, never through invoke or the bindings.
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['src/lib/api/**', 'src/**/*.test.ts', 'src/lib/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tauri-apps/*'],
              message: 'Talk to the backend through $lib/api (src/lib/api/index.ts).',
            },
            {
              group: ['**/api/bindings', '**/api/bindings.ts'],
              message: 'Import types and functions from src/lib/api/index.ts, not the bindings.',
            },
          ],
        },
      ],
    },
  },
);
