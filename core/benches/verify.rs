//! `Verifier::verify` against OpenSSL in one run, at 100 B, 1 KiB, 64 KiB and 1 MiB, printed at
//! the end as our time over OpenSSL's.
//!
//! Two OpenSSL peers do the same job as ours (decode the hex signature, compute the tag, compare
//! in constant time):
//! - `openssl_sha256`: OpenSSL's SHA-256 in the HMAC construction with the key pads hashed once,
//!   as our `Verifier` does. This is the strict bar: the same work, OpenSSL's hashing code.
//! - `openssl_hmac_evp`: OpenSSL's HMAC as its users call it, `EVP_DigestSign` with a new context
//!   per delivery.
//!
//! `cargo bench -p sharpapi-webhooks --bench verify` (or `scripts/bench.sh`).

// A benchmark reports a broken setup by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;
use std::time::SystemTime;

use criterion::{Criterion, Throughput};
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::sha::Sha256;
use openssl::sign::Signer;
use sharpapi_webhooks::{Verifier, sign};
use sharpapi_webhooks_testkit::bench::{median_ns, print_ratio};

const SECRET: &str = "whsec_benchmark_secret";
const SIZES: [(&str, usize); 4] = [
    ("100B", 100),
    ("1KiB", 1 << 10),
    ("64KiB", 64 << 10),
    ("1MiB", 1 << 20),
];
const OURS: &str = "sharpapi_webhooks";
const PEERS: [&str; 2] = ["openssl_sha256", "openssl_hmac_evp"];

/// A delivery of exactly `size` bytes, padded inside its result.
fn delivery(size: usize) -> Vec<u8> {
    let head = r#"{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success","type":"content_translate","result":{"content":""#;
    let tail = r#""}}"#;
    let mut body = head.as_bytes().to_vec();
    body.resize(size - tail.len(), b'x');
    body.extend_from_slice(tail.as_bytes());
    body
}

fn decode_signature(signature: &str) -> Option<[u8; 32]> {
    let mut claimed = [0; 32];
    hex::decode_to_slice(signature.trim_ascii(), &mut claimed).ok()?;
    Some(claimed)
}

/// HMAC-SHA256 over OpenSSL's SHA-256, the key pads hashed once (RFC 2104, key up to 64 bytes).
struct OpensslKeyedSha256 {
    inner: Sha256,
    outer: Sha256,
}

impl OpensslKeyedSha256 {
    fn new(secret: &str) -> Self {
        assert!(secret.len() <= 64, "the benchmark's secret fits one block");
        let mut key_block = [0_u8; 64];
        key_block[..secret.len()].copy_from_slice(secret.as_bytes());
        let (mut inner, mut outer) = (Sha256::new(), Sha256::new());
        inner.update(&key_block.map(|byte| byte ^ 0x36));
        outer.update(&key_block.map(|byte| byte ^ 0x5c));
        Self { inner, outer }
    }

    fn verify(&self, raw_body: &[u8], signature: &str) -> bool {
        let Some(claimed) = decode_signature(signature) else {
            return false;
        };
        let mut inner = self.inner.clone();
        inner.update(raw_body);
        let mut outer = self.outer.clone();
        outer.update(&inner.finish());
        openssl::memcmp::eq(&outer.finish(), &claimed)
    }
}

fn openssl_hmac_evp_verify(key: &PKey<Private>, raw_body: &[u8], signature: &str) -> bool {
    let Some(claimed) = decode_signature(signature) else {
        return false;
    };
    let mut signer = Signer::new(MessageDigest::sha256(), key).unwrap();
    signer.update(raw_body).unwrap();
    let tag = signer.sign_to_vec().unwrap();
    openssl::memcmp::eq(&tag, &claimed)
}

fn bench_size(criterion: &mut Criterion, label: &str, size: usize) {
    let raw_body = delivery(size);
    let signature = sign(&raw_body, SECRET).unwrap();
    let verifier = Verifier::new([SECRET]).unwrap();
    let keyed_sha256 = OpensslKeyedSha256::new(SECRET);
    let evp_key = PKey::hmac(SECRET.as_bytes()).unwrap();
    // The peers must do the same job, or the comparison means nothing.
    assert!(verifier.is_valid(&raw_body, Some(&signature)));
    assert!(keyed_sha256.verify(&raw_body, &signature));
    assert!(openssl_hmac_evp_verify(&evp_key, &raw_body, &signature));
    let forged = sign(&raw_body, "another secret").unwrap();
    assert!(!keyed_sha256.verify(&raw_body, &forged));
    assert!(!openssl_hmac_evp_verify(&evp_key, &raw_body, &forged));

    let mut group = criterion.benchmark_group(format!("verify_{label}"));
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function(OURS, |b| {
        b.iter(|| verifier.verify(black_box(&raw_body), Some(black_box(&signature))));
    });
    group.bench_function(PEERS[0], |b| {
        b.iter(|| keyed_sha256.verify(black_box(&raw_body), black_box(&signature)));
    });
    group.bench_function(PEERS[1], |b| {
        b.iter(|| openssl_hmac_evp_verify(&evp_key, black_box(&raw_body), black_box(&signature)));
    });
    group.finish();
}

fn print_ratios(run_started: SystemTime) {
    let mut rows = Vec::new();
    for (label, size) in SIZES {
        let group = format!("verify_{label}");
        let Some(ours) = median_ns(&group, OURS, run_started) else {
            continue;
        };
        if let Some(theirs) = median_ns(&group, PEERS[0], run_started) {
            print_ratio(
                "rust",
                &format!("verify {label}"),
                ours,
                "OpenSSL SHA-256 HMAC",
                theirs,
                1.0,
            );
        }
        let mut row = format!(
            "{label:>6} | {:>11.1} | {:>8.0}",
            ours,
            size as f64 / ours * 1e3
        );
        for peer in PEERS {
            match median_ns(&group, peer, run_started) {
                Some(theirs) => {
                    row.push_str(&format!(" | {:>11.1} | {:>6.3}x", theirs, ours / theirs))
                }
                None => row.push_str(" |           - |       -"),
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return;
    }
    println!("\nverify: median ns per call, ours over OpenSSL's (below 1 is faster than OpenSSL)");
    println!("  size |   ours (ns) |     MB/s | sha256 (ns) |   ratio |    evp (ns) |   ratio");
    for row in rows {
        println!("{row}");
    }
}

/// A delivery of about `size` bytes whose result is what a parse must walk: an array of objects
/// with texts (escapes and non-ASCII among them), numbers and nested members.
fn structured_delivery(size: usize) -> Vec<u8> {
    let head = r#"{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success","type":"content_translate","result":{"items":["#;
    let item = r#"{"title":"Caf\u00e9 \"Zur Post\" \/ M\u00fcnchen","score":0.875,"tags":["seo","translate",null,true],"meta":{"lang":"de","n":12345}}"#;
    let mut body = head.as_bytes().to_vec();
    while body.len() + item.len() + 4 < size {
        body.extend_from_slice(item.as_bytes());
        body.push(b',');
    }
    body.extend_from_slice(item.as_bytes());
    body.extend_from_slice(b"]}}");
    body
}

const CONSTRUCT_SIZES: [(&str, usize); 3] =
    [("1KiB", 1 << 10), ("64KiB", 64 << 10), ("1MiB", 1 << 20)];
const SHAPES: [&str; 2] = ["padded", "structured"];

/// `construct_event` (verify, then parse) against `verify` alone on the same body: what parsing
/// a verified body adds.
fn bench_construct(criterion: &mut Criterion, label: &str, size: usize, shape: &str) {
    let raw_body = if shape == "padded" {
        delivery(size)
    } else {
        structured_delivery(size)
    };
    let signature = sign(&raw_body, SECRET).unwrap();
    let verifier = Verifier::new([SECRET]).unwrap();
    assert!(
        verifier
            .construct_event(&raw_body, Some(&signature))
            .is_ok()
    );
    let mut group = criterion.benchmark_group(format!("construct_{shape}_{label}"));
    group.throughput(Throughput::Bytes(raw_body.len() as u64));
    group.bench_function("verify", |b| {
        b.iter(|| verifier.verify(black_box(&raw_body), Some(black_box(&signature))));
    });
    group.bench_function("construct_event", |b| {
        b.iter(|| verifier.construct_event(black_box(&raw_body), Some(black_box(&signature))));
    });
    group.finish();
}

fn print_construct_ratios(run_started: SystemTime) {
    let mut rows = Vec::new();
    for shape in SHAPES {
        for (label, _) in CONSTRUCT_SIZES {
            let group = format!("construct_{shape}_{label}");
            let (Some(verify), Some(construct)) = (
                median_ns(&group, "verify", run_started),
                median_ns(&group, "construct_event", run_started),
            ) else {
                continue;
            };
            rows.push(format!(
                "{shape:>10} {label:>6} | {verify:>11.1} | {construct:>11.1} | {:>6.3}x",
                construct / verify
            ));
            if label == "1MiB" {
                let what = format!("construct_event 1MiB {shape}");
                print_ratio("rust", &what, construct, "verify alone", verify, 1.2);
            }
        }
    }
    if rows.is_empty() {
        return;
    }
    println!("\nconstruct_event over verify alone, same body (target at 1 MiB: at most 1.2x)");
    println!("     shape   size | verify (ns) | construct (ns) | ratio");
    for row in rows {
        println!("{row}");
    }
}

fn main() {
    let run_started = SystemTime::now();
    let mut criterion = Criterion::default().configure_from_args();
    for (label, size) in SIZES {
        bench_size(&mut criterion, label, size);
    }
    for shape in SHAPES {
        for (label, size) in CONSTRUCT_SIZES {
            bench_construct(&mut criterion, label, size, shape);
        }
    }
    criterion.final_summary();
    print_ratios(run_started);
    print_construct_ratios(run_started);
}
