//! `ENetPacket`: a reference-counted payload shared by the commands that carry it.

use core::ffi::c_void;

/// Called just before a packet is freed.
pub type ENetPacketFreeCallback = Option<unsafe extern "C" fn(packet: *mut _ENetPacket)>;

/// A packet. `data`/`dataLength` are the payload, `flags` the
/// [`ENetPacketFlag`](super::ENetPacketFlag) bits; `userData` and
/// `freeCallback` belong to the application. `referenceCount` counts the
/// queued commands that still carry the packet.
#[repr(C)]
#[derive(Debug)]
pub struct _ENetPacket {
    /// Number of queued commands referring to the packet.
    pub referenceCount: usize,
    /// Bitwise or of `ENetPacketFlag` values.
    pub flags: u32,
    /// The payload.
    pub data: *mut u8,
    /// Length of the payload in bytes.
    pub dataLength: usize,
    /// Called before the packet is freed.
    pub freeCallback: ENetPacketFreeCallback,
    /// Application data, never touched by the library.
    pub userData: *mut c_void,
}
/// Typedef name of [`_ENetPacket`].
pub type ENetPacket = _ENetPacket;
