//! What the engine needs from its embedding: packets and the per-host hooks.
//!
//! The engine is safe Rust and cannot call C function pointers or touch
//! C-allocated packets itself. The C ABI implements these traits over
//! `ENetPacket*` and the `host->checksum` / `host->compressor` fields; the
//! Rust API implements them over plain Rust buffers and the built-in CRC32
//! and range coder.

use std::net::SocketAddr;

use crate::abi::ENetHost;

/// A shared packet as the engine sees it.
///
/// Reference counting follows upstream exactly: the engine calls
/// [`acquire`](PacketHandle::acquire) once for every queued command (every
/// fragment) that carries the packet, and [`release`](PacketHandle::release)
/// when such a command is acknowledged, sent unreliably or dropped; the
/// packet is destroyed when the count returns to zero. Cloning a handle does
/// not count as a reference.
pub trait PacketHandle: Clone {
    /// The payload.
    fn data(&self) -> &[u8];
    /// Length of the payload.
    fn len(&self) -> usize {
        self.data().len()
    }
    /// Whether the payload is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The packet's `ENetPacketFlag` bits.
    fn flags(&self) -> u32;
    /// A queued command now carries the packet (`referenceCount += 1`).
    fn acquire(&self);
    /// A command carrying the packet is done with it (`referenceCount -= 1`);
    /// marks the packet sent when `sent`, and destroys it when no reference
    /// is left.
    fn release(&self, sent: bool);
    /// Hands a delivered packet to the application: drops the delivery
    /// queue's reference without destroying the packet (a freshly received
    /// packet then has count 0 and belongs to the application).
    fn release_to_application(&self);
    /// Current reference count.
    fn reference_count(&self) -> usize;
}

/// Per-host services the engine calls while receiving and sending.
pub trait Hooks {
    /// The packet type of this embedding.
    type Packet: PacketHandle;

    /// Creates a packet for delivery holding a copy of `data`. `None` if
    /// memory is short; the engine then drops what it was receiving.
    fn create_packet(&mut self, data: &[u8], flags: u32) -> Option<Self::Packet>;

    /// Whether datagrams carry checksums (`host->checksum` set).
    fn checksum_enabled(&self, host: &ENetHost) -> bool;

    /// The datagram checksum over the concatenated `buffers` (only called
    /// when [`Hooks::checksum_enabled`]).
    fn checksum(&mut self, host: &ENetHost, buffers: &[&[u8]]) -> u32;

    /// Whether a compressor is installed (`host->compressor.context` set).
    fn compression_enabled(&self, host: &ENetHost) -> bool;

    /// Compresses the concatenated `input` into `out`; `None` if no
    /// compressor is installed or the result would not be smaller.
    fn compress(&mut self, host: &ENetHost, input: &[&[u8]], out: &mut [u8]) -> Option<usize>;

    /// Decompresses `input` into `out`; `None` if no compressor is installed
    /// or the input is malformed (the datagram is then dropped).
    fn decompress(&mut self, host: &ENetHost, input: &[u8], out: &mut [u8]) -> Option<usize>;

    /// Offered the datagrams of a send pass still in progress once it has
    /// made [`EARLY_SEND_BATCH`](super::EARLY_SEND_BATCH) of them, in order.
    /// An embedding with a socket sends them and returns true: the engine
    /// then reuses their buffers, so a pass to thousands of peers holds a
    /// batch, not a datagram per peer, as upstream (which sends each as it
    /// is made) holds none. A send error is the embedding's to report when
    /// the pass's own sending ends. The default keeps them in the outbox
    /// for the end of the pass.
    fn send_early(&mut self, host: &ENetHost, datagrams: &[(SocketAddr, &[u8])]) -> bool {
        let _ = (host, datagrams);
        false
    }
}
