//! `uniffi-bindgen` at the workspace's pinned UniFFI version. Build it on its own
//! (`cargo build -p uniffi-bindgen`): its `cli` feature pulls in clap, askama and goblin, which the
//! FFI library must not be built with.

fn main() {
    uniffi::uniffi_bindgen_main();
}
