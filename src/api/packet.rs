//! Packets: owned, shareable payloads with a delivery mode.

use std::fmt;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::Arc;

use crate::abi::ENetPacketFlag;
use crate::engine::PacketHandle;

/// How a packet travels.
///
/// Every mode keeps packets whole: a packet arrives complete or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryMode {
    /// Retransmitted until acknowledged; delivered once, in order within
    /// its channel.
    Reliable,
    /// Sent once; may be lost; never delivered out of order (a packet older
    /// than one already delivered on the channel is dropped). Packets larger
    /// than one datagram are sent as reliable fragments, as ENet does.
    Unreliable,
    /// Sent once; may be lost; delivered in whatever order it arrives, but
    /// never twice.
    Unsequenced,
    /// Like [`Unreliable`](DeliveryMode::Unreliable), but a packet larger
    /// than one datagram is sent as unreliable fragments: losing any
    /// fragment loses the packet, and nothing is retransmitted.
    UnreliableFragment,
}

impl DeliveryMode {
    pub(crate) fn flags(self) -> u32 {
        match self {
            DeliveryMode::Reliable => ENetPacketFlag::ENET_PACKET_FLAG_RELIABLE as u32,
            DeliveryMode::Unreliable => 0,
            DeliveryMode::Unsequenced => ENetPacketFlag::ENET_PACKET_FLAG_UNSEQUENCED as u32,
            DeliveryMode::UnreliableFragment => {
                ENetPacketFlag::ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT as u32
            }
        }
    }

    pub(crate) fn from_flags(flags: u32) -> Self {
        if flags & ENetPacketFlag::ENET_PACKET_FLAG_RELIABLE as u32 != 0 {
            DeliveryMode::Reliable
        } else if flags & ENetPacketFlag::ENET_PACKET_FLAG_UNSEQUENCED as u32 != 0 {
            DeliveryMode::Unsequenced
        } else if flags & ENetPacketFlag::ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT as u32 != 0 {
            DeliveryMode::UnreliableFragment
        } else {
            DeliveryMode::Unreliable
        }
    }
}

/// The shared part of a packet.
struct Shared {
    data: Box<[u8]>,
    flags: AtomicU32,
    /// Queued commands that carry the packet (ENet's reference count).
    references: AtomicUsize,
}

/// A packet: bytes plus a [`DeliveryMode`].
///
/// Cloning is cheap (the bytes are shared), so one packet can be sent to
/// many peers, or kept after sending; the bytes are freed when the last
/// clone and the last queued copy are gone.
///
/// ```
/// use enet::{DeliveryMode, Packet};
///
/// let packet = Packet::reliable(b"hello".to_vec());
/// assert_eq!(packet.data(), b"hello");
/// assert_eq!(packet.mode(), DeliveryMode::Reliable);
/// let position = Packet::new(&[1, 2, 3][..], DeliveryMode::Unsequenced);
/// assert_eq!(position.len(), 3);
/// ```
#[derive(Clone)]
pub struct Packet(Arc<Shared>);

impl Packet {
    /// A packet holding `data`, sent with `mode`.
    pub fn new(data: impl Into<Box<[u8]>>, mode: DeliveryMode) -> Packet {
        Packet::with_flags(data.into(), mode.flags())
    }

    /// A reliable packet holding `data`.
    pub fn reliable(data: impl Into<Box<[u8]>>) -> Packet {
        Packet::new(data, DeliveryMode::Reliable)
    }

    /// An unreliable packet holding `data`.
    pub fn unreliable(data: impl Into<Box<[u8]>>) -> Packet {
        Packet::new(data, DeliveryMode::Unreliable)
    }

    pub(crate) fn with_flags(data: Box<[u8]>, flags: u32) -> Packet {
        Packet(Arc::new(Shared {
            data,
            flags: AtomicU32::new(flags),
            references: AtomicUsize::new(0),
        }))
    }

    /// The payload.
    pub fn data(&self) -> &[u8] {
        &self.0.data
    }

    /// Length of the payload in bytes.
    pub fn len(&self) -> usize {
        self.0.data.len()
    }

    /// Whether the payload is empty (an empty packet is valid and is
    /// delivered as such).
    pub fn is_empty(&self) -> bool {
        self.0.data.is_empty()
    }

    /// The delivery mode.
    pub fn mode(&self) -> DeliveryMode {
        DeliveryMode::from_flags(self.0.flags.load(Ordering::Relaxed))
    }

    /// The payload as an owned vector (without copying when this is the
    /// only handle to it).
    pub fn into_vec(self) -> Vec<u8> {
        match Arc::try_unwrap(self.0) {
            Ok(shared) => shared.data.into_vec(),
            Err(shared) => shared.data.to_vec(),
        }
    }

    /// Whether a queued copy is still waiting to be sent or acknowledged.
    pub fn in_flight(&self) -> bool {
        self.0.references.load(Ordering::Relaxed) > 0
    }
}

impl fmt::Debug for Packet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Packet")
            .field("mode", &self.mode())
            .field("len", &self.len())
            .finish()
    }
}

impl PartialEq for Packet {
    fn eq(&self, other: &Packet) -> bool {
        self.mode() == other.mode() && self.data() == other.data()
    }
}

impl Eq for Packet {}

/// Memory is owned by the `Arc`; the count exists for the engine's
/// bookkeeping (broadcast and `in_flight`), so releasing the last reference
/// only marks the packet sent.
impl PacketHandle for Packet {
    fn data(&self) -> &[u8] {
        &self.0.data
    }

    fn flags(&self) -> u32 {
        self.0.flags.load(Ordering::Relaxed)
    }

    fn acquire(&self) {
        self.0.references.fetch_add(1, Ordering::Relaxed);
    }

    fn release(&self, sent: bool) {
        let before = self
            .0
            .references
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |count| {
                Some(count.saturating_sub(1))
            })
            .unwrap_or(0);
        if before <= 1 && sent {
            self.0.flags.fetch_or(
                ENetPacketFlag::ENET_PACKET_FLAG_SENT as u32,
                Ordering::Relaxed,
            );
        }
    }

    fn release_to_application(&self) {
        let _ = self
            .0
            .references
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |count| {
                Some(count.saturating_sub(1))
            });
    }

    fn reference_count(&self) -> usize {
        self.0.references.load(Ordering::Relaxed)
    }
}
