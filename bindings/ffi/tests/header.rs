//! The committed C header must be what the pinned cbindgen makes of the C ABI today, and must
//! carry the numbers the core defines.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use sharpapi_webhooks::{ErrorCode, JobStatus, JobType};

fn committed_header_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../c/include/sharpapi_webhooks.h")
}

fn generate_header() -> String {
    let crate_dir = env!("CARGO_MANIFEST_DIR");
    let config = cbindgen::Config::from_file(Path::new(crate_dir).join("cbindgen.toml")).unwrap();
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .with_after_include(format!(
            "\n/** The version of the library this header describes; compare `sharpapi_version()`. */\n\
             #define SHARPAPI_VERSION \"{}\"",
            env!("CARGO_PKG_VERSION")
        ))
        .generate()
        .unwrap();
    let mut header = Vec::new();
    bindings.write(&mut header);
    String::from_utf8(header).unwrap()
}

#[test]
fn the_committed_header_is_fresh() {
    let fresh = generate_header();
    let path = committed_header_path();
    if std::env::var_os("SHARPAPI_WRITE_HEADER").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run scripts/generate.sh and commit it",
        path.display()
    );
}

#[test]
fn the_header_numbers_errors_and_values_as_the_core_does() {
    let header = std::fs::read_to_string(committed_header_path()).unwrap();
    let shout = |name: &str| {
        let mut shouted = String::new();
        for (index, letter) in name.char_indices() {
            if letter.is_ascii_uppercase() && index > 0 {
                shouted.push('_');
            }
            shouted.push(letter.to_ascii_uppercase());
        }
        shouted
    };
    for code in ErrorCode::ALL {
        let line = format!("SHARPAPI_{} = {},", shout(code.name()), code.as_u32());
        assert!(header.contains(&line), "no `{line}`");
    }
    for (index, status) in JobStatus::KNOWN.iter().enumerate() {
        let line = format!(
            "#define SHARPAPI_JOB_STATUS_{} {}\n",
            status.as_str().to_uppercase(),
            index + 1
        );
        assert!(header.contains(&line), "no `{line}`");
    }
    for (index, job_type) in JobType::KNOWN.iter().enumerate() {
        let line = format!(
            "#define SHARPAPI_JOB_TYPE_{} {}\n",
            job_type.as_str().to_uppercase(),
            index + 1
        );
        assert!(header.contains(&line), "no `{line}`");
    }
}
