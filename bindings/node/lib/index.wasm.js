'use strict';
// sharpapi-webhooks/wasm in Node.js: the API over the core compiled to WebAssembly, on any
// platform; no native code is loaded.

module.exports = require('./api').createApi(require('./wasm_node').engine);
