import { defineConfig } from "vite";

// A relative base lets the built site run from any static host or sub-path.
export default defineConfig({
  base: "./",
  worker: { format: "es" },
  build: { target: "es2022", outDir: "dist", sourcemap: true },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
