import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Everything is bundled into dist/ (no CDN): the host serves it offline next to the API.
export default defineConfig({
  root: import.meta.dirname,
  // The dashboard lives under /ui/ (serve-dashboard.ts), so its page URLs never meet an API path.
  base: '/ui/',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, assetsInlineLimit: 0, chunkSizeWarningLimit: 600 },
  // `npm run dev:dashboard`-style development: proxy API calls to a running host.
  server: { proxy: { '^/(health|stats|metrics|openapi.json|jobs|services|plugins|providers|logs|test-suites|workspaces|transform|schema|auth|ready)': 'http://127.0.0.1:8719' } },
});
