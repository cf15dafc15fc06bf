// Loads the shipped web builds of the two wasm bundles (after wasm-opt) in
// node, synchronously: the Dockerfile bundle (web/src/wasm, the default
// export, given the rules' texts as the page does) and the image bundle
// (web/src/wasm-image, `image`).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../src/wasm/", import.meta.url));
const wasm = await import(new URL("../src/wasm/shipshape.js", import.meta.url).href);
wasm.initSync({ module: readFileSync(dir + "shipshape_bg.wasm") });
// As the page does: the rules' texts the bundle is built without.
export const ruleDocs = JSON.parse(readFileSync(dir + "rule-docs.json", "utf8"));
wasm.setRuleDocs(ruleDocs);

const imageDir = fileURLToPath(new URL("../src/wasm-image/", import.meta.url));
export const image = await import(new URL("../src/wasm-image/shipshape_image.js", import.meta.url).href);
image.initSync({ module: readFileSync(imageDir + "shipshape_image_bg.wasm") });

export default wasm;
export const dtsPath = dir + "shipshape.d.ts";
export const imageDtsPath = imageDir + "shipshape_image.d.ts";
