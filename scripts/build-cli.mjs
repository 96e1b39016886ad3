// Bundles the command line into one file (dist-cli/plasticity-lab.mjs, the package's `bin`), so that
// starting it loads one module instead of compiling hundreds of TypeScript files on every run.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist-cli/plasticity-lab.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "linked",
  banner: {
    // Bundled CommonJS dependencies may call require() for Node's own modules.
    js: '#!/usr/bin/env node\nimport { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
  },
  logLevel: "warning",
});
