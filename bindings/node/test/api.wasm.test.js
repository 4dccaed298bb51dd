'use strict';
// api.test.js through the WebAssembly engine: `require('sharpapi-webhooks')` runs it when
// SHARPAPI_WEBHOOKS_ENGINE says so, as do the child processes and worker threads the tests start
// (node --test runs each file in a process of its own).

process.env.SHARPAPI_WEBHOOKS_ENGINE = 'wasm';
require('./api.test.js');
