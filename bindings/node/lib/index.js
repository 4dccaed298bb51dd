'use strict';
// sharpapi-webhooks in Node.js: verify and parse the webhooks SharpAPI sends, in the project's
// Rust core, run by one of two engines with one API (api.js): the native library through Koffi
// where the package carries this platform's, the WebAssembly module elsewhere, or the one that
// SHARPAPI_WEBHOOKS_ENGINE names (platform.js's engineChoice). Other runtimes import
// index.edge.mjs instead (package.json's conditional exports).

const { ENGINE_ENV, engineChoice } = require('./platform');

function load() {
  const { engine, forced } = engineChoice();
  if (engine === 'wasm') {
    return require('./index.wasm.js');
  }
  try {
    return require('./index.native.js');
  } catch (error) {
    if (forced) {
      throw error;
    }
    // The library is there but does not load (Koffi missing or refused, a damaged install): the
    // WebAssembly engine gives the same answers, a little slower, so it takes over, said aloud.
    process.emitWarning(
      `the native library did not load, so the WebAssembly engine runs instead: ${error.message}. ` +
        `Set ${ENGINE_ENV}=wasm to choose it, or ${ENGINE_ENV}=native to make this an error.`,
      { code: 'SHARPAPI_WEBHOOKS_ENGINE_FALLBACK', type: 'sharpapi-webhooks' },
    );
    return require('./index.wasm.js');
  }
}

module.exports = load();
