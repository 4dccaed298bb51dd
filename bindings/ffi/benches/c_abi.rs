//! What the C ABI adds: `sharpapi_verifier_verify` against the core's `Verifier::verify` on the
//! same 1 KiB delivery, in one run, printed at the end as the C ABI's time over the core's.
//!
//! `cargo bench -p sharpapi-webhooks-ffi --bench c_abi` (or `scripts/bench.sh`).

// A benchmark reports a broken setup by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;
use std::ptr;
use std::time::SystemTime;

use criterion::{Criterion, Throughput};
use sharpapi_webhooks_ffi::{
    sharpapi_status_t, sharpapi_str_t, sharpapi_verifier_free, sharpapi_verifier_new,
    sharpapi_verifier_verify,
};
use sharpapi_webhooks_testkit::bench::{median_ns, print_ratio};

const SECRET: &str = "whsec_benchmark_secret";
const GROUP: &str = "c_abi_verify_1KiB";

fn main() {
    let run_started = SystemTime::now();
    let mut criterion = Criterion::default().configure_from_args();

    let mut raw_body = br#"{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success","type":"content_translate","result":{"content":""#.to_vec();
    raw_body.resize(1024 - 3, b'x');
    raw_body.extend_from_slice(br#""}}"#);
    let signature = sharpapi_webhooks::sign(&raw_body, SECRET).unwrap();
    let c_secret = sharpapi_str_t {
        ptr: SECRET.as_ptr(),
        len: SECRET.len(),
    };

    let core_verifier = sharpapi_webhooks::Verifier::new([SECRET]).unwrap();
    let mut c_verifier = ptr::null_mut();
    // SAFETY: one valid secret and a writable out-parameter.
    let made = unsafe { sharpapi_verifier_new(&c_secret, 1, &mut c_verifier) };
    assert_eq!(made, sharpapi_status_t::SHARPAPI_OK);
    // SAFETY: a live verifier, a valid body and signature.
    let verified = unsafe {
        sharpapi_verifier_verify(
            c_verifier,
            raw_body.as_ptr(),
            raw_body.len(),
            signature.as_ptr(),
            signature.len(),
        )
    };
    assert_eq!(verified, sharpapi_status_t::SHARPAPI_OK);

    let mut group = criterion.benchmark_group(GROUP);
    group.throughput(Throughput::Bytes(raw_body.len() as u64));
    group.bench_function("core", |b| {
        b.iter(|| core_verifier.verify(black_box(&raw_body), Some(black_box(signature.as_str()))));
    });
    group.bench_function("c_abi", |b| {
        b.iter(|| {
            let body = black_box(&raw_body);
            // SAFETY: as above.
            unsafe {
                sharpapi_verifier_verify(
                    c_verifier,
                    body.as_ptr(),
                    body.len(),
                    black_box(signature.as_ptr()),
                    signature.len(),
                )
            }
        });
    });
    group.finish();
    criterion.final_summary();
    // SAFETY: the verifier made above, released once.
    unsafe { sharpapi_verifier_free(c_verifier) };

    if let (Some(core), Some(c_abi)) = (
        median_ns(GROUP, "core", run_started),
        median_ns(GROUP, "c_abi", run_started),
    ) {
        println!(
            "\nverify at 1 KiB: core {core:.1} ns, C ABI {c_abi:.1} ns: the C ABI takes {:.3}x the core's time",
            c_abi / core
        );
        // The target: no more than 1 µs above the core per call.
        print_ratio(
            "c",
            "verify 1KiB vs the core",
            c_abi,
            "core",
            core,
            (core + 1000.0) / core,
        );
    }
}
