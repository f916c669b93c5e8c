import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// The operator web app. `npm run build:web` writes web/dist, which the API server serves at `/`;
// `npm run dev:web` serves it with hot reload and forwards /graphql (HTTP and graphql-ws) to the API on port 8000.
const apiTarget = process.env.API_URL ?? "http://localhost:8000";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      "/graphql": { target: apiTarget, ws: true, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      "/graphql": { target: apiTarget, ws: true, changeOrigin: true },
    },
  },
});
