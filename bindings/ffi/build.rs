//! Names the shared library by the file name it is shipped as (libsharpapi_webhooks.so,
//! libsharpapi_webhooks.dylib), so that programs linked against it find it again at run time:
//! the ELF soname on Linux, the install name (found through the program's rpath) on macOS.

fn main() {
    match std::env::var("CARGO_CFG_TARGET_OS").as_deref() {
        Ok("linux") => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsharpapi_webhooks.so");
        }
        Ok("macos") => {
            println!(
                "cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libsharpapi_webhooks.dylib"
            );
        }
        _ => {}
    }
}
