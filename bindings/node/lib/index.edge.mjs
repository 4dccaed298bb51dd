// sharpapi-webhooks in every runtime but Node.js (workerd, Vercel's edge, Deno, Bun, browsers and
// their workers; package.json's conditional exports send them here): the core compiled to
// WebAssembly, instantiated synchronously at import, with no top-level await, so that require()
// of this module works too where a runtime or bundler allows it. Nothing here reads a file or
// needs a Node.js built-in. '#wasm-module' (package.json's "imports") is the compiled module, got
// as each runtime allows: workerd and Vercel's edge import the .wasm (they refuse to compile bytes
// at run time), the others compile the bytes that the package carries as base64.
import wasmModule from '#wasm-module';
import * as generated from '../wasm/sharpapi_webhooks_wasm.mjs';
import api from './api.js';
import wasmEngine from './wasm_engine.js';

generated.initSync({ module: wasmModule });
const sharpapiWebhooks = api.createApi(wasmEngine.createWasmEngine(generated));

export const {
  Verifier,
  WebhookEvent,
  JobStatus,
  JobType,
  WebhookError,
  InvalidSecret,
  MissingSignature,
  MalformedSignature,
  InvalidSignature,
  InvalidPayload,
  sign,
  verify,
  constructEvent,
  constructEventFromHeaders,
  parseEventUnverified,
  testDelivery,
  explain,
  Cause,
  engine,
  nativeVersion,
} = sharpapiWebhooks;
