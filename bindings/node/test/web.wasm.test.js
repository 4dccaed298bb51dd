'use strict';
// web.test.js through the WebAssembly engine: `require('sharpapi-webhooks')`, and so the
// integration, runs it when SHARPAPI_WEBHOOKS_ENGINE says so (node --test runs each file in a
// process of its own).

process.env.SHARPAPI_WEBHOOKS_ENGINE = 'wasm';
require('./web.test.js');
