import { defineConfig } from 'vite';

// Relative base so the built app also works from a sub-path (GitHub Pages, a slide deck's folder).
export default defineConfig({
  base: './',
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1500 },
  worker: { format: 'es' },
  server: { port: 5173 },
  preview: { port: 4173 },
});
