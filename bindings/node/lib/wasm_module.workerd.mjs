// The WebAssembly module in workerd (Cloudflare Workers, wrangler): the .wasm imported as a
// compiled WebAssembly.Module, the one way workerd allows (it refuses to compile bytes).
import wasmModule from '../wasm/sharpapi_webhooks_wasm_bg.wasm';

export default wasmModule;
