import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const here = dirname(fileURLToPath(import.meta.url));

/** Ships Scalar's browser bundle with the app so `/api/docs` renders offline. */
function vendorScalar(): Plugin {
  return {
    name: "fluxo-vendor-scalar",
    apply: "build",
    closeBundle() {
      // The package exports no path for its UMD bundle, so take the file itself.
      const source = resolve(here, "../node_modules/@scalar/api-reference/dist/browser/standalone.js");
      mkdirSync(resolve(here, "dist/vendor"), { recursive: true });
      copyFileSync(source, resolve(here, "dist/vendor/scalar.js"));
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [react(), vendorScalar()],
  build: { outDir: resolve(here, "dist"), emptyOutDir: true, sourcemap: true },
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: { "/api": "http://127.0.0.1:8787", "/hooks": "http://127.0.0.1:8787", "/v1": "http://127.0.0.1:8787" },
  },
});
