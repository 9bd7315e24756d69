import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 400 },
  server: {
    port: 5173,
    // ws: the live WebSocket (/api/live) goes through the proxy too.
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false, ws: true },
      // The petitions' subject areas are read from the public Open311 services list.
      '/open311': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
