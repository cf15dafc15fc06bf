// Reads images off the main thread, so the page never freezes on a large
// archive. Files are pulled in chunks with FileReaderSync (workers only), so
// an archive is never held in memory whole. The worker loads the image bundle
// (web/src/wasm-image) as soon as it starts, which the page does at load, so
// reading an image later needs no network.
import init, { checkImage, checkImageChunks } from "./wasm-image/shipshape_image.js";
import type { CheckOptions, ImageCheckResult } from "./wasm-image/shipshape_image.js";

declare class FileReaderSync {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}

export type ImageRequest =
  | { kind: "text"; text: string; options: CheckOptions }
  | { kind: "file"; file: File; options: CheckOptions };
export type ImageReply =
  | { kind: "ready" }
  | { kind: "progress"; done: number; total: number }
  | { kind: "result"; result: ImageCheckResult; ms: number }
  | { kind: "error"; message: string };

const port = self as unknown as Worker;
const post = (m: ImageReply): void => port.postMessage(m);
const ready = init();
ready.then(
  () => post({ kind: "ready" }),
  (e: unknown) => post({ kind: "error", message: `the image reader could not start: ${e instanceof Error ? e.message : String(e)}` }),
);

port.onmessage = async (ev: MessageEvent<ImageRequest>) => {
  try {
    await ready;
    const req = ev.data;
    const t0 = performance.now();
    let result: ImageCheckResult;
    if (req.kind === "text") {
      result = checkImage(req.text, req.options);
    } else {
      const reader = new FileReaderSync();
      const file = req.file;
      let last = 0;
      result = checkImageChunks(
        file.size,
        (offset, length) => new Uint8Array(reader.readAsArrayBuffer(file.slice(offset, offset + length))),
        (done, total) => {
          const now = performance.now();
          if (now - last > 50 || done >= total) {
            last = now;
            post({ kind: "progress", done, total });
          }
        },
        req.options,
      );
    }
    post({ kind: "result", result, ms: performance.now() - t0 });
  } catch (e) {
    post({ kind: "error", message: e instanceof Error ? e.message : String(e) });
  }
};
