// Loads the shipped web build of the wasm module (web/src/wasm, after
// wasm-opt) in node, synchronously.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../src/wasm/", import.meta.url));
const wasm = await import(new URL("../src/wasm/shipshape.js", import.meta.url).href);
wasm.initSync({ module: readFileSync(dir + "shipshape_bg.wasm") });
export default wasm;
export const dtsPath = dir + "shipshape.d.ts";
