// The WebAssembly module in Vercel's edge runtime (Next.js middleware and edge routes): the .wasm
// imported with `?module` as a compiled WebAssembly.Module, the one way it allows (it refuses to
// compile bytes at run time).
import wasmModule from '../wasm/sharpapi_webhooks_wasm_bg.wasm?module';

export default wasmModule;
