import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
// Journeys run on another port (E2E_PORT) get their own build, so parallel builds never replace each other's files.
const e2ePort = process.env.E2E_PORT;
const outDir = e2ePort && e2ePort !== '3310' ? `dist/web-${e2ePort}` : 'dist/web';

// Workspace SPA (served by the API server under /app).
export default defineConfig({
  root,
  base: '/app/',
  plugins: [react()],
  resolve: {
    alias: {
      '@shared': resolve(root, 'src/shared'),
    },
  },
  build: {
    outDir: resolve(root, outDir),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/healthz': 'http://127.0.0.1:3000',
    },
  },
});
