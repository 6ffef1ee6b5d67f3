//! The "internal" peer functions upstream exports: queueing commands and
//! acknowledgements and dispatching received commands, as its protocol code
//! uses them. No surveyed program calls them, but they are part of the ABI.
//!
//! Upstream returns pointers into its own queue elements. Our queues are
//! Rust-owned, so these return a per-host snapshot of the element instead
//! (valid until the next such call on the same host): non-NULL on success
//! with the fields upstream would have set, NULL on failure.

use core::ptr::{self, NonNull};

use super::callbacks::enet_free;
use super::embedding::CPacket;
use super::peer::peer_mut;
use crate::abi::*;

use crate::wire::command::number;
use crate::wire::{Body, Command};

/// The engine peer of `peer` and the decoded `command`, if both are valid.
///
/// # Safety
///
/// `peer` is NULL or a live peer; `command` NULL or a readable ENetProtocol.
unsafe fn peer_and_command<'a>(
    peer: *mut ENetPeer,
    command: *const ENetProtocol,
) -> Option<(&'a mut super::host::CHost, usize, &'a ENetProtocol, Command)> {
    // SAFETY: caller contract.
    let (engine, index) = unsafe { peer_mut(peer) }?;
    // SAFETY: caller contract.
    let raw = unsafe { command.as_ref() }?;
    let decoded = decode(raw)?;
    Some((engine, index, raw, decoded))
}

/// The bytes of a protocol command as C stores it.
fn protocol_bytes(command: &ENetProtocol) -> &[u8; 48] {
    // SAFETY: ENetProtocol is a packed union of 48 bytes of plain integers;
    // any value is a valid byte array.
    unsafe { &*(command as *const ENetProtocol).cast::<[u8; 48]>() }
}

/// Decodes a command stored the way upstream's queues store it: fields in
/// network order except the header's sequence number, in host order.
fn decode(command: &ENetProtocol) -> Option<Command> {
    let bytes = protocol_bytes(command);
    let mut decoded = Command::decode(bytes).ok()?;
    decoded.header.reliable_sequence_number = u16::from_ne_bytes([bytes[2], bytes[3]]);
    Some(decoded)
}

/// Queues a command the caller built in an `ENetOutgoingCommand` allocated
/// with `enet_malloc`, assigning its sequence numbers. The command is copied
/// into the peer's queue and the struct is freed (upstream links and later
/// frees it), so the caller must not use it afterwards. The packet's
/// reference count is not changed, as upstream.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_setup_outgoing_command(
    peer: *mut ENetPeer,
    outgoingCommand: *mut ENetOutgoingCommand,
) {
    // SAFETY: caller contract.
    let (Some((engine, index)), Some(outgoing)) = (unsafe { peer_mut(peer) }, unsafe {
        outgoingCommand.as_ref()
    }) else {
        return;
    };
    if let Some(command) = decode(&outgoing.command) {
        let packet = NonNull::new(outgoing.packet).map(CPacket);
        if valid_channel(engine.peer(index), &command) {
            engine.setup_outgoing(
                index,
                command,
                packet,
                outgoing.fragmentOffset,
                outgoing.fragmentLength,
            );
        }
    }
    // SAFETY: allocated with enet_malloc by the caller and owned by us now.
    unsafe { enet_free(outgoingCommand.cast()) };
}

fn valid_channel(peer: &ENetPeer, command: &Command) -> bool {
    command.header.channel_id == 0xFF || (command.header.channel_id as usize) < peer.channelCount
}

/// Queues a copy of `command` with `length` bytes of `packet` from
/// `offset` (one packet reference), assigning sequence numbers. Returns a
/// snapshot of the queued command, or NULL for a NULL argument, an invalid
/// command or a channel the peer does not have.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_queue_outgoing_command(
    peer: *mut ENetPeer,
    command: *const ENetProtocol,
    packet: *mut ENetPacket,
    offset: u32,
    length: u16,
) -> *mut ENetOutgoingCommand {
    // SAFETY: caller contract.
    let Some((engine, index, raw_command, decoded)) = (unsafe { peer_and_command(peer, command) })
    else {
        return ptr::null_mut();
    };
    if !valid_channel(engine.peer(index), &decoded) {
        return ptr::null_mut();
    }
    let packet_handle = NonNull::new(packet).map(CPacket);
    let (reliable, unreliable) =
        engine.queue_outgoing(index, decoded, packet_handle, offset, length);
    let snapshot = &mut engine.hooks.snapshots.outgoing;
    snapshot.reliableSequenceNumber = reliable;
    snapshot.unreliableSequenceNumber = unreliable;
    snapshot.command = *raw_command;
    snapshot.fragmentOffset = offset;
    snapshot.fragmentLength = length;
    snapshot.packet = packet;
    snapshot
}

/// Queues a received data command (`data` of `dataLength` bytes, or a
/// reassembly buffer of that size when `data` is NULL and `fragmentCount`
/// is set) for delivery. Returns a snapshot of the queued command (also for
/// a duplicate or out-of-window command, which upstream silently drops), or
/// NULL when the command must stop its datagram (over the waiting-data
/// limit, out of memory) or an argument is invalid.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_queue_incoming_command(
    peer: *mut ENetPeer,
    command: *const ENetProtocol,
    data: *const core::ffi::c_void,
    dataLength: usize,
    flags: u32,
    fragmentCount: u32,
) -> *mut ENetIncomingCommand {
    // SAFETY: caller contract.
    let Some((engine, index, raw_command, decoded)) = (unsafe { peer_and_command(peer, command) })
    else {
        return ptr::null_mut();
    };
    let channel_id = decoded.header.channel_id;
    if channel_id as usize >= engine.peer(index).channelCount {
        return ptr::null_mut();
    }
    let unreliable = match decoded.body {
        Body::SendUnreliable {
            unreliable_sequence_number,
            ..
        } => unreliable_sequence_number,
        Body::SendUnreliableFragment(fragment) => fragment.start_sequence_number,
        _ => 0,
    };
    let payload = if data.is_null() {
        None
    } else {
        // SAFETY: the caller passes `dataLength` readable bytes at `data`.
        Some(unsafe { core::slice::from_raw_parts(data.cast::<u8>(), dataLength) })
    };
    if payload.is_none() && fragmentCount == 0 && dataLength > 0 {
        return ptr::null_mut();
    }
    let new = crate::engine::NewIncoming {
        number: decoded.header.number(),
        channel_id,
        reliable_sequence_number: decoded.header.reliable_sequence_number,
        unreliable_sequence_number: unreliable,
        data: payload.or(if dataLength == 0 { Some(&[]) } else { None }),
        length: dataLength,
        flags,
        fragment_count: fragmentCount,
    };
    if !matches!(
        new.number,
        number::SEND_RELIABLE
            | number::SEND_UNRELIABLE
            | number::SEND_FRAGMENT
            | number::SEND_UNSEQUENCED
            | number::SEND_UNRELIABLE_FRAGMENT
    ) {
        return ptr::null_mut();
    }
    let (reliable, number_of_fragments) = (new.reliable_sequence_number, new.fragment_count);
    if engine.queue_incoming(index, new).is_err() {
        return ptr::null_mut();
    }
    let snapshot = &mut engine.hooks.snapshots.incoming;
    snapshot.reliableSequenceNumber = reliable;
    snapshot.unreliableSequenceNumber = unreliable;
    snapshot.command = *raw_command;
    snapshot.fragmentCount = number_of_fragments;
    snapshot.fragmentsRemaining = number_of_fragments;
    snapshot
}

/// Queues an acknowledgement of `command` (its header's sequence number in
/// host order) with `sentTime`. Returns a snapshot of the queued
/// acknowledgement, or NULL if upstream would not queue it (just ahead of
/// the receive window) or an argument is NULL.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_queue_acknowledgement(
    peer: *mut ENetPeer,
    command: *const ENetProtocol,
    sentTime: u16,
) -> *mut ENetAcknowledgement {
    // SAFETY: caller contract.
    let Some((engine, index, raw_command, decoded)) = (unsafe { peer_and_command(peer, command) })
    else {
        return ptr::null_mut();
    };
    if !engine.queue_acknowledgement(index, &decoded, sentTime) {
        return ptr::null_mut();
    }
    let snapshot = &mut engine.hooks.snapshots.acknowledgement;
    snapshot.sentTime = sentTime as u32;
    snapshot.command = *raw_command;
    snapshot
}

/// The index of `channel` in the peer's channel array.
fn channel_index(peer: &ENetPeer, channel: *mut ENetChannel) -> Option<usize> {
    let base = peer.channels as usize;
    let offset = (channel as usize).checked_sub(base)?;
    let size = core::mem::size_of::<ENetChannel>();
    (offset % size == 0 && offset / size < peer.channelCount).then_some(offset / size)
}

/// Delivers the in-order prefix of a channel's reliable queue.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_dispatch_incoming_reliable_commands(
    peer: *mut ENetPeer,
    channel: *mut ENetChannel,
    _queuedCommand: *mut ENetIncomingCommand,
) {
    // SAFETY: caller contract.
    let Some((engine, index)) = (unsafe { peer_mut(peer) }) else {
        return;
    };
    if let Some(channel) = channel_index(engine.peer(index), channel) {
        engine.dispatch_incoming_reliable(index, channel);
    }
}

/// Delivers what can be delivered from a channel's unreliable queue.
#[no_mangle]
pub unsafe extern "C" fn enet_peer_dispatch_incoming_unreliable_commands(
    peer: *mut ENetPeer,
    channel: *mut ENetChannel,
    _queuedCommand: *mut ENetIncomingCommand,
) {
    // SAFETY: caller contract.
    let Some((engine, index)) = (unsafe { peer_mut(peer) }) else {
        return;
    };
    if let Some(channel) = channel_index(engine.peer(index), channel) {
        engine.dispatch_incoming_unreliable(index, channel, None);
    }
}
