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
