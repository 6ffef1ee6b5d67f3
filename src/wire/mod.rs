//! The pure wire codec: no I/O, no clock, no allocation, never panics.
//!
//! So far: the CRC32 used for datagram checksums and the range coder used
//! for datagram compression.

pub mod crc32;
pub mod range_coder;
