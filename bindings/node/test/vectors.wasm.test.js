'use strict';
// vectors.test.js through the WebAssembly engine: `require('sharpapi-webhooks')` runs it when
// SHARPAPI_WEBHOOKS_ENGINE says so, and so does the Express middleware (node --test runs each file
// in a process of its own).

process.env.SHARPAPI_WEBHOOKS_ENGINE = 'wasm';
require('./vectors.test.js');
