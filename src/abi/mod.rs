//! `#[repr(C)]` mirrors of every public type of upstream ENet's headers.
//!
//! These types are *storage*, not logic: the engine and the C ABI read and
//! write their fields in place, because real programs do too (`peer->data`,
//! `host->totalSentData`, `packet->referenceCount`, ...). Layouts are those of
//! upstream 1.3.16+ on LP64 and ILP32 Unix (`sizeof(ENetPeer) == 456` and
//! `sizeof(ENetHost) == 11024` on x86_64/aarch64); [`layout`] asserts every size
//! and offset at compile time, and `tests/layout_reference.rs` compares them with
//! the reference header through bindgen.
//!
//! Naming follows the C headers exactly (including `camelCase` fields), so the
//! generated `include/enet/enet.h` is source compatible with upstream. Structs
//! carry upstream's tag names (`_ENetPeer`) and are used through their typedef
//! names (`ENetPeer`). C enums are never stored as Rust enums: a program may
//! put any integer in `event->type`, so fields hold the plain integer aliases
//! ending in `Raw`, which the header spells with the enum's typedef name.

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

mod constants;
mod host;
#[doc(hidden)]
pub mod layout;
mod list;
mod packet;
mod peer;
mod platform;
mod protocol;

pub use constants::*;
pub use host::*;
pub use list::*;
pub use packet::*;
pub use peer::*;
pub use platform::*;
pub use protocol::*;

/// Upstream's fixed-width integer names (`enet/types.h`).
pub type enet_uint8 = u8;
/// 16-bit unsigned integer (`unsigned short`).
pub type enet_uint16 = u16;
/// 32-bit unsigned integer (`unsigned int`).
pub type enet_uint32 = u32;
/// A packed library version, see [`ENET_VERSION`].
pub type ENetVersion = enet_uint32;
