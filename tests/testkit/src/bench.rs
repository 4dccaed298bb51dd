//! Reads back what criterion measured, so that a benchmark can print its time as a ratio of a
//! peer's measured in the same run.

use std::path::PathBuf;
use std::time::SystemTime;

/// Where criterion writes its estimates, found as criterion finds it.
fn criterion_home() -> PathBuf {
    std::env::var_os("CRITERION_HOME").map_or_else(
        || {
            std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(
                    || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
                    PathBuf::from,
                )
                .join("criterion")
        },
        PathBuf::from,
    )
}

/// The median time in nanoseconds that criterion measured for `group/function` since
/// `run_started`, or `None` when this run measured nothing (as under `cargo test --benches`,
/// which runs each benchmark once without timing it).
#[must_use]
pub fn median_ns(group: &str, function: &str, run_started: SystemTime) -> Option<f64> {
    let path = criterion_home()
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let modified = std::fs::metadata(&path)
        .and_then(|meta| meta.modified())
        .ok()?;
    if modified < run_started {
        return None;
    }
    let estimates: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    estimates.get("median")?.get("point_estimate")?.as_f64()
}

/// Prints one line in the form every benchmark of the project uses, which `scripts/bench.sh`
/// gathers into its closing table: `ratio LANGUAGE WHAT: ours X µs, PEER Y µs = Rx (target ≤ T)`.
pub fn print_ratio(
    language: &str,
    what: &str,
    ours_ns: f64,
    peer: &str,
    peer_ns: f64,
    target: f64,
) {
    let ratio = ours_ns / peer_ns;
    let verdict = if ratio <= target { "meets" } else { "MISSES" };
    println!(
        "ratio {language} {what}: ours {:.3} µs, {peer} {:.3} µs = {ratio:.3}x (target <= {target}: {verdict})",
        ours_ns / 1e3,
        peer_ns / 1e3
    );
}
