import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// Served by the API server under /console (apps/api/src/console.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  // core's kernel is framework-free TypeScript with no import of its own: the console formats
  // amounts with it, as the PDFs do (tsconfig.json maps the same name for the type check).
  resolve: { alias: { '@app/core/kernel': fileURLToPath(new URL('../../libs/core/src/kernel/index.ts', import.meta.url)) } },
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
