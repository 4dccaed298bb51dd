//! Names the shared library by the file name it is installed as (libsharpapi_webhooks.so), so
//! that programs linked against the installed library find it again at run time.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsharpapi_webhooks.so");
    }
}
