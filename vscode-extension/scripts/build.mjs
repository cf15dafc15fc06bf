// Bundles the extension (dist/extension.js) and the vscode-free helpers the
// tests load (out/serverPath.js, out/features.js).
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
for (const name of ["serverPath", "features", "checklist"]) {
  await esbuild.build({
    entryPoints: [`src/${name}.ts`],
    bundle: true,
    outfile: `out/${name}.js`,
    format: "cjs",
    platform: "node",
    target: "node18",
    logLevel: "warning",
  });
}
console.log("built dist/extension.js, out/serverPath.js, out/features.js and out/checklist.js");
