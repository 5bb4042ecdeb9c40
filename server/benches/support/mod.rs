//! What the benchmarks share: a load generator that runs as a process of its own, and the
//! reference servers Kindred is measured against.

pub mod load;
pub mod reference_writer;
