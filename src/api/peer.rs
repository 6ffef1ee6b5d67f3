//! Peers: handles to connections, and what can be done with one.

use std::net::SocketAddr;
use std::time::Duration;

use super::error::{Error, Result};
use super::host::Host;
use super::packet::Packet;
use crate::abi::{
    ENetPeer, ENetPeerState, ENET_PEER_PACKET_LOSS_SCALE, ENET_PEER_PACKET_THROTTLE_SCALE,
};

/// A handle to one connection of a [`Host`]: plain data, `Copy`, valid for
/// as long as the connection lasts. After the connection ends (a
/// [`Disconnect`](crate::Event::Disconnect) event, `disconnect_now` or
/// `reset`) the handle is stale and [`Host::peer`] refuses it with
/// [`Error::UnknownPeer`], even if the slot serves a new connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PeerId {
    pub(crate) index: usize,
    pub(crate) connect_id: u32,
}

impl PeerId {
    /// The peer's slot in its host (0 to the peer limit - 1). Slots are
    /// reused; compare `PeerId`s, not slots, to tell connections apart.
    pub fn slot(&self) -> usize {
        self.index
    }
}

/// Where a connection is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeerState {
    /// The slot is free.
    Disconnected,
    /// We sent a connect request.
    Connecting,
    /// A connect request arrived; we acknowledged it.
    AcknowledgingConnect,
    /// The handshake is waiting for its last step.
    ConnectionPending,
    /// The handshake completed on the connecting side.
    ConnectionSucceeded,
    /// Connected: packets flow.
    Connected,
    /// Queued packets are being sent before disconnecting.
    DisconnectLater,
    /// A disconnect was sent and awaits acknowledgement.
    Disconnecting,
    /// A disconnect arrived; its acknowledgement is being sent.
    AcknowledgingDisconnect,
    /// The connection is over; the slot frees once the event is reported.
    Zombie,
}

impl PeerState {
    fn from_raw(state: u32) -> PeerState {
        use ENetPeerState::*;
        match state {
            s if s == ENET_PEER_STATE_CONNECTING as u32 => PeerState::Connecting,
            s if s == ENET_PEER_STATE_ACKNOWLEDGING_CONNECT as u32 => {
                PeerState::AcknowledgingConnect
            }
            s if s == ENET_PEER_STATE_CONNECTION_PENDING as u32 => PeerState::ConnectionPending,
            s if s == ENET_PEER_STATE_CONNECTION_SUCCEEDED as u32 => PeerState::ConnectionSucceeded,
            s if s == ENET_PEER_STATE_CONNECTED as u32 => PeerState::Connected,
            s if s == ENET_PEER_STATE_DISCONNECT_LATER as u32 => PeerState::DisconnectLater,
            s if s == ENET_PEER_STATE_DISCONNECTING as u32 => PeerState::Disconnecting,
            s if s == ENET_PEER_STATE_ACKNOWLEDGING_DISCONNECT as u32 => {
                PeerState::AcknowledgingDisconnect
            }
            s if s == ENET_PEER_STATE_ZOMBIE as u32 => PeerState::Zombie,
            _ => PeerState::Disconnected,
        }
    }
}

/// A snapshot of a connection's statistics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeerStats {
    /// Smoothed round-trip time.
    pub round_trip_time: Duration,
    /// Its variance.
    pub round_trip_time_variance: Duration,
    /// Lowest round-trip time measured.
    pub lowest_round_trip_time: Duration,
    /// Recent reliable packet loss, 0.0 to 1.0.
    pub packet_loss: f64,
    /// Reliable commands sent and lost in the current measuring interval.
    pub packets_sent: u32,
    /// See `packets_sent`.
    pub packets_lost: u32,
    /// Bytes of reliable data sent and not yet acknowledged.
    pub reliable_data_in_transit: u32,
    /// The unreliable packet throttle, 0.0 (drop all) to 1.0 (send all).
    pub packet_throttle: f64,
    /// The connection's MTU.
    pub mtu: u32,
    /// The reliable window in bytes.
    pub window_size: u32,
    /// Bytes received and waiting for the application.
    pub waiting_data: usize,
    /// The throttle configuration in force (interval in ms, acceleration,
    /// deceleration): ours, or what the remote side asked for with its
    /// [`Peer::configure_throttle`].
    pub throttle_configuration: (u32, u32, u32),
    /// The remote side's bandwidth (incoming, outgoing; bytes per second,
    /// 0: unlimited), as it announced it.
    pub remote_bandwidth: (u32, u32),
}

/// A connection, borrowed from its host for a few calls.
///
/// ```
/// # fn main() -> Result<(), enet::Error> {
/// use enet::{HostBuilder, Packet};
/// let mut client = HostBuilder::new().build()?;
/// let id = client.connect("127.0.0.1:9".parse().unwrap(), 2, 0)?;
/// let mut peer = client.peer(id)?;
/// // Not connected yet: sending is refused with a clear error.
/// assert!(matches!(peer.send(0, Packet::reliable(&b"hi"[..])), Err(enet::Error::NotConnected)));
/// peer.set_timeout(32, 1000, 2000);
/// peer.reset();
/// assert!(client.peer(id).is_err());
/// # Ok(())
/// # }
/// ```
pub struct Peer<'h> {
    pub(crate) host: &'h mut Host,
    pub(crate) id: PeerId,
}

impl Peer<'_> {
    fn raw(&self) -> &ENetPeer {
        self.host.engine.peer(self.id.index)
    }

    /// The handle of this connection.
    pub fn id(&self) -> PeerId {
        self.id
    }

    /// The remote address (IPv4-mapped IPv6 addresses shown as IPv4).
    pub fn address(&self) -> Option<SocketAddr> {
        self.host
            .engine
            .peer_address(self.id.index)
            .map(super::host::canonical)
    }

    /// Where the connection is in its life.
    pub fn state(&self) -> PeerState {
        PeerState::from_raw(self.raw().state)
    }

    /// The number of channels of this connection.
    pub fn channel_count(&self) -> usize {
        self.raw().channelCount
    }

    /// Statistics: round-trip time, loss, data in flight, throttle.
    pub fn stats(&self) -> PeerStats {
        let raw = self.raw();
        let ms = |value: u32| Duration::from_millis(value.into());
        PeerStats {
            round_trip_time: ms(raw.roundTripTime),
            round_trip_time_variance: ms(raw.roundTripTimeVariance),
            lowest_round_trip_time: ms(raw.lowestRoundTripTime),
            packet_loss: f64::from(raw.packetLoss) / f64::from(ENET_PEER_PACKET_LOSS_SCALE),
            packets_sent: raw.packetsSent,
            packets_lost: raw.packetsLost,
            reliable_data_in_transit: raw.reliableDataInTransit,
            packet_throttle: f64::from(raw.packetThrottle)
                / f64::from(ENET_PEER_PACKET_THROTTLE_SCALE),
            mtu: raw.mtu,
            window_size: raw.windowSize,
            waiting_data: raw.totalWaitingData,
            throttle_configuration: (
                raw.packetThrottleInterval,
                raw.packetThrottleAcceleration,
                raw.packetThrottleDeceleration,
            ),
            remote_bandwidth: (raw.incomingBandwidth, raw.outgoingBandwidth),
        }
    }

    /// Queues `packet` on `channel`; the next [`Host::service`] or
    /// [`Host::flush`] sends it. Errors: [`Error::NotConnected`],
    /// [`Error::ChannelOutOfRange`], [`Error::PacketTooLarge`],
    /// [`Error::TooManyFragments`]. Nothing is queued on error.
    pub fn send(&mut self, channel: u8, packet: Packet) -> Result<()> {
        let length = packet.len();
        let channel_count = self.channel_count();
        let maximum = self.host.engine.raw.maximumPacketSize;
        self.host
            .engine
            .send(self.id.index, channel, packet)
            .map_err(|error| Error::from_send(error, channel, channel_count, length, maximum))
    }

    /// Sends a ping now (ENet pings idle connections by itself; this
    /// refreshes the round-trip time on demand).
    pub fn ping(&mut self) {
        self.host.engine.ping(self.id.index);
    }

    /// How often an idle connection is pinged (`Duration::ZERO`: ENet's
    /// default of 500 ms).
    pub fn set_ping_interval(&mut self, interval: Duration) {
        let ms = u32::try_from(interval.as_millis()).unwrap_or(u32::MAX);
        self.host.engine.set_ping_interval(self.id.index, ms);
    }

    /// When the connection is declared dead: after `limit` unanswered
    /// retransmissions once `minimum_ms` passed, or after `maximum_ms`
    /// regardless (each 0: ENet's default of 32, 5000, 30000).
    pub fn set_timeout(&mut self, limit: u32, minimum_ms: u32, maximum_ms: u32) {
        self.host
            .engine
            .set_timeout(self.id.index, limit, minimum_ms, maximum_ms);
    }

    /// Configures how fast the unreliable throttle reacts (ENet's
    /// `enet_peer_throttle_configure`) and tells the remote side.
    pub fn configure_throttle(&mut self, interval_ms: u32, acceleration: u32, deceleration: u32) {
        self.host
            .engine
            .throttle_configure(self.id.index, interval_ms, acceleration, deceleration);
    }

    /// Asks the remote side to disconnect; a
    /// [`Disconnect`](crate::Event::Disconnect) event follows once it
    /// acknowledges (or the request times out). Queued packets are dropped.
    pub fn disconnect(self, data: u32) {
        let now = crate::sys::time::get();
        self.host.engine.disconnect(now, self.id.index, data);
        let _ = self.host.send_outbox();
    }

    /// Disconnects once every queued packet has been sent and acknowledged.
    pub fn disconnect_later(self, data: u32) {
        let now = crate::sys::time::get();
        self.host.engine.disconnect_later(now, self.id.index, data);
        let _ = self.host.send_outbox();
    }

    /// Tells the remote side once, without waiting, and frees the slot at
    /// once; no event follows. The handle is stale afterwards.
    pub fn disconnect_now(self, data: u32) {
        let now = crate::sys::time::get();
        self.host.engine.disconnect_now(now, self.id.index, data);
        let _ = self.host.send_outbox();
    }

    /// Drops the connection without telling the remote side (it will time
    /// out); no event follows. The handle is stale afterwards.
    pub fn reset(self) {
        self.host.engine.reset_peer(self.id.index);
    }
}
