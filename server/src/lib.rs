//! The Kindred server: configuration, HTTP routing, sessions, storage and the operator CLI.
//! `main.rs` is only the entry point; everything here is a library so tests can drive it.

pub mod api;
pub mod backend;
pub mod client_ip;
pub mod config;
pub mod health;
pub mod operator;
pub mod router;
pub mod serve;
pub mod state;
pub mod storage;
