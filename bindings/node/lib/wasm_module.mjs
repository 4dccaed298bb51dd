// The WebAssembly module for the runtimes that compile bytes at run time (Deno, Bun, browsers,
// workers): the package's .wasm, carried as base64 in an ES module so that no file is read and no
// bundler needs a rule for .wasm. Compiled synchronously, which browsers allow on the main thread
// too for a module this size (Chrome refuses it there above 8 MB).
import base64 from '../wasm/sharpapi_webhooks_wasm_base64.mjs';

const text = atob(base64);
const bytes = new Uint8Array(text.length);
for (let index = 0; index < text.length; index += 1) {
  bytes[index] = text.charCodeAt(index);
}

export default new WebAssembly.Module(bytes);
