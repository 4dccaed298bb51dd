//! Support shared by the workspace's tests and benchmarks; never part of a shipped crate.

// Test support reports a broken setup by panicking.
#![allow(clippy::panic, clippy::expect_used)]

pub mod bench;
pub mod vectors;
