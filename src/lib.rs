//! ENet, the reliable UDP protocol for games and real-time programs, in Rust.
//!
//! This crate is two things on one engine:
//!
//! * a drop-in replacement for upstream ENet's shared library
//!   (`libenet.so.7`): the same exported C functions, the same struct
//!   layouts, the same wire protocol (feature `ffi`, on by default);
//! * an idiomatic Rust API (in progress).
//!
//! # Layers
//!
//! | module | what it is |
//! |---|---|
//! | [`abi`] | `#[repr(C)]` types with upstream's exact layouts: storage, no logic |
//! | `sys` | the operating system: sockets, clock, waiting |
//! | `ffi` | every `extern "C"` export; argument checks and the panic boundary |
//!
//! `unsafe` code lives only in `sys` and `ffi`; the rest of the crate denies it.

#![deny(unsafe_code)]

pub mod abi;
mod api;
pub mod engine;
#[cfg(feature = "ffi")]
mod ffi;
pub mod sys;
pub mod wire;

pub use api::{
    DeliveryMode, Error, Event, Host, HostBuilder, Packet, Peer, PeerId, PeerState, PeerStats,
    Result, Totals,
};
