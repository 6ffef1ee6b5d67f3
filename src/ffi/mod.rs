//! Every `extern "C"` export of the library: upstream's public functions.
//!
//! A thin skin. Each export checks its pointers (NULL gives upstream's error
//! value, or a documented one where upstream would crash), converts C
//! integers, calls into `sys`/`wire`, and maps the result. Exports whose body
//! could panic run inside [`boundary`], so a panic never unwinds into C.
//!
//! Files mirror upstream's source files so each export can be reviewed next
//! to the behaviour it reproduces: `callbacks` (allocation and version),
//! `list`, `packet` (and CRC32), `address`, `socket`, `time`.

#![allow(unsafe_code)]
#![allow(clippy::missing_safety_doc)] // the C header documents the contracts
#![allow(non_snake_case)] // parameter names are upstream's, for the generated header

mod address;
mod boundary;
mod callbacks;
mod compress;
mod embedding;
mod host;
mod list;
mod packet;
mod packet_cache;
mod peer;
mod peer_internal;
mod protocol;
mod socket;
mod time;
