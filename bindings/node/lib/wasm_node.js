'use strict';
// The WebAssembly engine for Node.js's require(): wasm-bindgen's module for Node.js (CommonJS,
// wasm/sharpapi_webhooks_wasm.cjs, written by bindings/wasm/build.sh) reads the .wasm beside it
// and instantiates it synchronously, once per module copy (so once per worker thread).

const { createWasmEngine } = require('./wasm_engine');

module.exports = {
  // Bytes copied out of the module's memory as Buffers, as the native engine gives them.
  engine: createWasmEngine(require('../wasm/sharpapi_webhooks_wasm.cjs'), (view) =>
    Buffer.from(view),
  ),
};
