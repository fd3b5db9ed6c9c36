import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The console is served by the gateway at /console/ and calls the API and the hub on the same origin.
// `npm run dev` proxies them to a gateway started by deploy/local.sh (GAMESTATE_URL, default port 5080).
const gateway = process.env.GAMESTATE_URL ?? 'http://127.0.0.1:5080'

export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  resolve: {
    // The TypeScript package of this repository, compiled from its sources (clients/typescript/src) with the
    // console, so no separate build of it is needed; its own imports resolve from the console's node_modules.
    alias: [
      { find: /^@orleans-gamestate\/client\/pinia$/, replacement: fileURLToPath(new URL('../clients/typescript/src/pinia/index.ts', import.meta.url)) },
      { find: /^@orleans-gamestate\/client$/, replacement: fileURLToPath(new URL('../clients/typescript/src/index.ts', import.meta.url)) },
    ],
    dedupe: ['vue', 'pinia', '@microsoft/signalr'],
  },
  server: {
    proxy: {
      '/api': gateway,
      '/hubs': { target: gateway, ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
})
