import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Static build served by the gateway at `/` (index.html fallback for client routes). The API's
 * shapes come from the api-schemas workspace's TypeScript sources (ES modules), as tsconfig's paths say.
 */
export default defineConfig({
  base: '/',
  resolve: { alias: [{ find: '@estate-ledger/api-schemas', replacement: fileURLToPath(new URL('../api-schemas/src', import.meta.url)) }] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' } },
});
