//! What [`Host::service`](crate::Host::service) reports.

use super::packet::Packet;
use super::peer::PeerId;

/// Something that happened on a host.
///
/// ```
/// use enet::{Event, Host};
///
/// fn handle(host: &mut Host, event: Event) -> Result<(), enet::Error> {
///     match event {
///         Event::Connect { peer, data } => println!("slot {} joined with {data}", peer.slot()),
///         Event::Receive { peer, channel, packet } => {
///             // Echo it back the way it came.
///             host.peer(peer)?.send(channel, packet)?;
///         }
///         Event::Disconnect { peer, data } => println!("slot {} left with {data}", peer.slot()),
///     }
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A connection completed: one we started with
    /// [`Host::connect`](crate::Host::connect), or one a remote host started.
    Connect {
        /// The connection.
        peer: PeerId,
        /// The value the connecting side passed to `connect` (0 on the
        /// connecting side itself).
        data: u32,
    },
    /// A packet arrived, whole.
    Receive {
        /// Who sent it.
        peer: PeerId,
        /// The channel it was sent on.
        channel: u8,
        /// The packet; its [`mode`](Packet::mode) is how it travelled.
        packet: Packet,
    },
    /// A connection ended: the remote side disconnected, our disconnect
    /// completed, or the peer timed out. The handle is stale from now on.
    Disconnect {
        /// The connection that ended.
        peer: PeerId,
        /// The value the remote side passed to its disconnect call (0 for
        /// timeouts and on the side that started the disconnect).
        data: u32,
    },
}

impl Event {
    /// The peer the event is about.
    pub fn peer(&self) -> PeerId {
        match self {
            Event::Connect { peer, .. }
            | Event::Receive { peer, .. }
            | Event::Disconnect { peer, .. } => *peer,
        }
    }
}
