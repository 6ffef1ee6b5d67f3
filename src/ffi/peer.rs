//! `enet_peer_*`: peer operations on the engine.
//!
//! A peer pointer is an element of its host's `peers` array; the host is
//! found through `peer->host` and the index from the pointer's offset.

use core::ffi::c_int;
use core::ptr::{self, NonNull};

use super::boundary::boundary;
use super::embedding::CPacket;
use super::host::{host_mut, CHost};
use crate::abi::*;
use crate::sys;

/// The engine host and index of a peer pointer, or `None` for NULL or a
/// pointer that is not an element of its host's peer array.
///
/// # Safety
///
/// `peer` is NULL or points into the peer array of a live host.
pub(crate) unsafe fn peer_mut<'a>(peer: *mut ENetPeer) -> Option<(&'a mut CHost, usize)> {
    // SAFETY: caller contract: a live peer whose `host` is its host.
    let host = unsafe { peer.as_ref() }?.host;
    // SAFETY: `host` is the live host owning the peer.
    let engine = unsafe { host_mut(host) }?;
    let index = engine.peer_index(peer)?;
    Some((engine, index))
}

/// Queues `packet` to the peer on `channelID`. Returns 0, or -1 if the peer
/// is not connected, the channel does not exist, the packet is too large or
/// an argument is NULL; on failure the caller keeps the packet.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_send(
    peer: *mut ENetPeer,
    channelID: u8,
    packet: *mut ENetPacket,
) -> c_int {
    // SAFETY: caller contract.
    let (Some((engine, index)), Some(packet)) = (unsafe { peer_mut(peer) }, NonNull::new(packet))
    else {
        return -1;
    };
    boundary(-1, || {
        match engine.send(index, channelID, CPacket(packet)) {
            Ok(()) => 0,
            Err(_) => -1,
        }
    })
}

/// Takes the next delivered packet of the peer (NULL if none) and writes
/// its channel to `channelID` if that is not NULL.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_receive(
    peer: *mut ENetPeer,
    channelID: *mut u8,
) -> *mut ENetPacket {
    // SAFETY: caller contract.
    let Some((engine, index)) = (unsafe { peer_mut(peer) }) else {
        return ptr::null_mut();
    };
    match boundary(None, || engine.receive(index)) {
        Some((channel, packet)) => {
            // SAFETY: NULL or a writable byte (caller contract).
            if let Some(out) = unsafe { channelID.as_mut() } {
                *out = channel;
            }
            packet.0.as_ptr()
        }
        None => ptr::null_mut(),
    }
}

/// Runs `operation` on the peer's host and index, ignoring NULL.
unsafe fn with_peer(peer: *mut ENetPeer, operation: impl FnOnce(&mut CHost, usize)) {
    // SAFETY: caller contract, forwarded.
    if let Some((engine, index)) = unsafe { peer_mut(peer) } {
        boundary((), || operation(engine, index));
    }
}

/// Sends a ping to a connected peer.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_ping(peer: *mut ENetPeer) {
    // SAFETY: caller contract, forwarded.
    unsafe { with_peer(peer, |engine, index| engine.ping(index)) }
}

/// Sets the ping interval of an idle connection in milliseconds (0: 500).
#[no_mangle]
pub unsafe extern "C" fn enet_peer_ping_interval(peer: *mut ENetPeer, pingInterval: u32) {
    // SAFETY: caller contract, forwarded.
    unsafe {
        with_peer(peer, |engine, index| {
            engine.set_ping_interval(index, pingInterval)
        })
    }
}

/// Sets the timeout parameters (each 0: upstream's default 32, 5000, 30000).
#[no_mangle]
pub unsafe extern "C" fn enet_peer_timeout(
    peer: *mut ENetPeer,
    timeoutLimit: u32,
    timeoutMinimum: u32,
    timeoutMaximum: u32,
) {
    // SAFETY: caller contract, forwarded.
    unsafe {
        with_peer(peer, |engine, index| {
            engine.set_timeout(index, timeoutLimit, timeoutMinimum, timeoutMaximum)
        })
    }
}

/// Drops the peer without telling it (no datagram, no event); `data` stays.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_reset(peer: *mut ENetPeer) {
    // SAFETY: caller contract, forwarded.
    unsafe { with_peer(peer, |engine, index| engine.reset_peer(index)) }
}

/// Disconnects gracefully; a DISCONNECT event follows when the peer acknowledges.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_disconnect(peer: *mut ENetPeer, data: u32) {
    // SAFETY: caller contract, forwarded.
    unsafe {
        with_peer(peer, |engine, index| {
            disconnect_with_flush(engine, index, data, Disconnect::Graceful)
        })
    }
}

/// Disconnects at once (the DISCONNECT goes out immediately; no event).
#[no_mangle]
pub unsafe extern "C" fn enet_peer_disconnect_now(peer: *mut ENetPeer, data: u32) {
    // SAFETY: caller contract, forwarded.
    unsafe {
        with_peer(peer, |engine, index| {
            disconnect_with_flush(engine, index, data, Disconnect::Now)
        })
    }
}

/// Disconnects once all queued packets have been sent and acknowledged.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_disconnect_later(peer: *mut ENetPeer, data: u32) {
    // SAFETY: caller contract, forwarded.
    unsafe {
        with_peer(peer, |engine, index| {
            disconnect_with_flush(engine, index, data, Disconnect::Later)
        })
    }
}

enum Disconnect {
    Graceful,
    Now,
    Later,
}

/// Runs a disconnect variant and sends what it flushed (upstream flushes the
/// host for the immediate forms).
fn disconnect_with_flush(engine: &mut CHost, index: usize, data: u32, kind: Disconnect) {
    let now = sys::time::get();
    match kind {
        Disconnect::Graceful => engine.disconnect(now, index, data),
        Disconnect::Now => engine.disconnect_now(now, index, data),
        Disconnect::Later => engine.disconnect_later(now, index, data),
    }
    super::host::flush_outbox(engine);
}

/// Configures the peer's unreliable packet throttle and tells the peer.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_throttle_configure(
    peer: *mut ENetPeer,
    interval: u32,
    acceleration: u32,
    deceleration: u32,
) {
    // SAFETY: caller contract, forwarded.
    unsafe {
        with_peer(peer, |engine, index| {
            engine.throttle_configure(index, interval, acceleration, deceleration)
        })
    }
}

/// Adjusts the packet throttle for a round-trip sample `rtt`: 1 if it
/// accelerated, -1 if it decelerated, 0 otherwise (and for NULL).
#[no_mangle]
pub unsafe extern "C" fn enet_peer_throttle(peer: *mut ENetPeer, rtt: u32) -> c_int {
    // SAFETY: caller contract.
    let Some((engine, index)) = (unsafe { peer_mut(peer) }) else {
        return 0;
    };
    boundary(0, || engine.throttle(index, rtt))
}

/// Drops everything queued for and from the peer (`enet_peer_reset_queues`).
#[no_mangle]
pub unsafe extern "C" fn enet_peer_reset_queues(peer: *mut ENetPeer) {
    // SAFETY: caller contract, forwarded.
    unsafe { with_peer(peer, |engine, index| engine.reset_queues(index)) }
}

/// Whether anything is queued to the peer or awaiting its acknowledgement (1.3.18).
#[no_mangle]
pub unsafe extern "C" fn enet_peer_has_outgoing_commands(peer: *mut ENetPeer) -> c_int {
    // SAFETY: caller contract.
    let Some((engine, index)) = (unsafe { peer_mut(peer) }) else {
        return 0;
    };
    engine.has_outgoing_commands(index) as c_int
}

/// Counts the peer as connected in its host's totals (internal; exported by upstream).
#[no_mangle]
pub unsafe extern "C" fn enet_peer_on_connect(peer: *mut ENetPeer) {
    // SAFETY: caller contract, forwarded.
    unsafe { with_peer(peer, |engine, index| engine.on_connect(index)) }
}

/// Counts the peer as disconnected in its host's totals (internal; exported by upstream).
#[no_mangle]
pub unsafe extern "C" fn enet_peer_on_disconnect(peer: *mut ENetPeer) {
    // SAFETY: caller contract, forwarded.
    unsafe { with_peer(peer, |engine, index| engine.on_disconnect(index)) }
}
