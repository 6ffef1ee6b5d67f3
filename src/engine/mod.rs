//! The protocol engine: ENet 1.3's host and peer state machine, with no
//! sockets, no clock and no global randomness.
//!
//! # Contract
//!
//! Every entry point takes `now`, ENet's wrapping `u32` millisecond time.
//! Inputs go in, outputs come out:
//!
//! * [`Host::handle_datagram`]: a datagram received from an address;
//! * [`Host::service_send`] / [`Host::flush`]: the timer and send pass
//!   (retransmissions, pings, the bandwidth throttle, queued commands);
//! * [`Host::pop_datagram`]: datagrams to put on the wire;
//! * [`Host::poll_event`]: connections, disconnections, received packets;
//! * [`Host::next_timeout`]: when the host next needs a send pass.
//!
//! Application calls ([`Host::connect`], [`Host::send`],
//! [`Host::disconnect`], ...) queue commands that the next send pass
//! transmits. A driver (the C ABI's `enet_host_service`, or the Rust API)
//! loops: send pass, receive and handle datagrams, send pass, poll events,
//! wait until data arrives or `next_timeout`.
//!
//! # State
//!
//! The C-visible `ENetHost` and the `ENetPeer` array are the storage of every
//! public field: statistics, state, `mtu`, `roundTripTime` and the counters
//! are written in place, and the fields C programs write (`mtu`,
//! `duplicatePeers`, `maximumPacketSize`, `maximumWaitingData`, `checksum`,
//! the `total*` counters) are read live at every use. Queues, windows and
//! timers live in Rust-owned side storage indexed by peer; the engine names
//! peers by index. Packets and the checksum/compression callbacks are
//! reached through the [`Hooks`] trait, so the engine has no `unsafe`.
//!
//! # Scale
//!
//! A send pass visits only peers with work due (see `scheduler`): those
//! with something queued since their last pass, and those whose timer
//! expired (retransmission timeout or ping interval). An idle host with
//! thousands of connected peers touches, per pass, only the few whose ping
//! is due, instead of every slot as upstream does.

mod address;
mod commands;
mod dispatch;
mod hooks;
mod host;
mod incoming;
mod peer;
pub mod random;
mod receive;
mod scheduler;
mod send;
mod throttle;
pub mod time;

#[cfg(test)]
mod tests;

pub use address::{from_enet, is_broadcast, to_enet};
pub use hooks::{Hooks, PacketHandle};
pub(crate) use host::reuse_send_list;
pub use host::{Datagram, Host, HostConfig, EARLY_SEND_BATCH};
#[cfg(feature = "ffi")]
pub(crate) use incoming::NewIncoming;
pub use peer::SendError;

/// Something the application must hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<P> {
    /// A connection completed. `data` is the connect data the remote side
    /// sent (0 on the side that connected).
    Connect {
        /// The peer index.
        peer: usize,
        /// The connect data.
        data: u32,
    },
    /// A peer disconnected or timed out; it has already been reset.
    Disconnect {
        /// The peer index.
        peer: usize,
        /// The disconnect data (0 for timeouts and for the initiator).
        data: u32,
    },
    /// A packet arrived.
    Receive {
        /// The peer index.
        peer: usize,
        /// The channel it arrived on.
        channel_id: u8,
        /// The packet, now owned by the application.
        packet: P,
    },
}

impl<H: Hooks> Host<H> {
    /// Peers looked at by the last send pass (ready peers plus timers that
    /// fired): the measure of a pass's cost.
    pub fn peers_touched_last_pass(&self) -> usize {
        self.scheduler.touched
    }

    /// Records a received datagram in the host's totals (the driver calls
    /// this before an intercept hook sees the datagram).
    pub fn count_received(&mut self, length: usize) {
        self.raw.totalReceivedData = self.raw.totalReceivedData.wrapping_add(length as u32);
        self.raw.totalReceivedPackets = self.raw.totalReceivedPackets.wrapping_add(1);
    }
}
