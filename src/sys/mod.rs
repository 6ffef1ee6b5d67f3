//! The operating system: the clock, UDP/TCP sockets, name resolution.
//!
//! One of the two homes of `unsafe` code (with `ffi`): every system call the
//! library makes is in here, behind functions whose arguments are already
//! checked Rust values. Semantics (return values, error mapping) are those of
//! upstream's `unix.c`, so the C exports in `ffi` are one-line forwards.

#![allow(unsafe_code)]

pub mod address;
pub mod socket;
pub mod time;
pub mod udp;
