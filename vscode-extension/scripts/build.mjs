// Bundles the extension (dist/extension.js) and the vscode-free helpers the
// tests load (out/serverPath.js).
import * as esbuild from "esbuild";

await esbuild.build({
  entryPoints: ["src/extension.ts"],
  bundle: true,
  outfile: "dist/extension.js",
  external: ["vscode"],
  format: "cjs",
  platform: "node",
  target: "node18",
  minify: true,
  sourcemap: false,
  logLevel: "warning",
});
await esbuild.build({
  entryPoints: ["src/serverPath.ts"],
  bundle: true,
  outfile: "out/serverPath.js",
  format: "cjs",
  platform: "node",
  target: "node18",
  logLevel: "warning",
});
await esbuild.build({
  entryPoints: ["src/checklist.ts"],
  bundle: true,
  outfile: "out/checklist.js",
  format: "cjs",
  platform: "node",
  target: "node18",
  logLevel: "warning",
});
console.log("built dist/extension.js, out/serverPath.js and out/checklist.js");
