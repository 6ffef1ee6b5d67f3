//! The pure wire codec: no I/O, no clock, no allocation, never panics.
//!
//! So far: the CRC32 used for datagram checksums.

pub mod crc32;
