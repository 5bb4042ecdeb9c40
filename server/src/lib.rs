//! The Kindred server: configuration, HTTP routing, sessions, storage and the operator CLI.
//! `main.rs` is only the entry point; everything here is a library so tests can drive it.

// Leptos views are deeply nested types; rendering the survey page goes past the default limit.
#![recursion_limit = "256"]

/// Every Kindred process (server, CLI, tests, benchmarks) allocates through mimalloc: reading and
/// writing responses makes many small, short-lived allocations (answers decoded from their
/// column, cells of an export), where the system allocator spent about a third of an export's
/// time (a `perf` profile of the dashboard bench).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod api;
pub mod backend;
pub mod client_ip;
pub mod config;
pub mod connections;
pub mod demo;
pub mod export;
pub mod health;
pub mod operator;
pub mod pictures;
pub mod respond;
pub mod router;
pub mod serve;
pub mod state;
pub mod storage;
pub mod web;
