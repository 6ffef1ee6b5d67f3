//! Building a host: every `enet_host_create` argument and host field a
//! program sets, with defaults and range checks.

use std::net::{Ipv4Addr, SocketAddr};

use super::error::{Error, Result};
use super::host::Host;
use crate::abi::{
    ENET_HOST_DEFAULT_MAXIMUM_PACKET_SIZE, ENET_HOST_DEFAULT_MAXIMUM_WAITING_DATA,
    ENET_HOST_DEFAULT_MTU, ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT, ENET_PROTOCOL_MAXIMUM_MTU,
    ENET_PROTOCOL_MAXIMUM_PEER_ID, ENET_PROTOCOL_MINIMUM_MTU,
};

/// Settings of a [`Host`], built step by step.
///
/// ```
/// use enet::HostBuilder;
///
/// # fn main() -> Result<(), enet::Error> {
/// let server = HostBuilder::new()
///     .bind("127.0.0.1:0".parse().unwrap())
///     .peer_limit(64)
///     .channel_limit(4)
///     .checksum(true)
///     .build()?;
/// assert_ne!(server.local_addr().port(), 0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct HostBuilder {
    pub(crate) bind: SocketAddr,
    pub(crate) peer_limit: usize,
    pub(crate) channel_limit: usize,
    pub(crate) incoming_bandwidth: u32,
    pub(crate) outgoing_bandwidth: u32,
    pub(crate) mtu: u32,
    pub(crate) compression: bool,
    pub(crate) checksum: bool,
    pub(crate) seed: Option<u32>,
    pub(crate) maximum_packet_size: usize,
    pub(crate) maximum_waiting_data: usize,
    pub(crate) duplicate_peers: usize,
    pub(crate) evict_half_open: bool,
}

impl Default for HostBuilder {
    fn default() -> Self {
        HostBuilder::new()
    }
}

impl HostBuilder {
    /// Defaults: bound to `0.0.0.0:0` (any IPv4 interface, a port the system
    /// picks: right for a client), 32 peer slots, 255 channels, unlimited
    /// bandwidth, ENet's default MTU (1392), no compression, no checksum.
    pub fn new() -> HostBuilder {
        HostBuilder {
            bind: SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)),
            peer_limit: 32,
            channel_limit: ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT as usize,
            incoming_bandwidth: 0,
            outgoing_bandwidth: 0,
            mtu: ENET_HOST_DEFAULT_MTU,
            compression: false,
            checksum: false,
            seed: None,
            maximum_packet_size: ENET_HOST_DEFAULT_MAXIMUM_PACKET_SIZE as usize,
            maximum_waiting_data: ENET_HOST_DEFAULT_MAXIMUM_WAITING_DATA as usize,
            duplicate_peers: ENET_PROTOCOL_MAXIMUM_PEER_ID as usize,
            evict_half_open: false,
        }
    }

    /// The local address to bind: a server's listening address, or port 0
    /// for a system-chosen port. Bind an IPv6 address (`[::]:port`,
    /// `[::1]:port`) to talk to IPv6 peers; a host bound to `[::]` also
    /// reaches IPv4 peers where the system allows dual-stack sockets.
    pub fn bind(mut self, address: SocketAddr) -> Self {
        self.bind = address;
        self
    }

    /// How many connections the host can hold at once (1 to 4095).
    pub fn peer_limit(mut self, peers: usize) -> Self {
        self.peer_limit = peers;
        self
    }

    /// The most channels a connection may use (1 to 255). Incoming
    /// connections asking for more get this many.
    pub fn channel_limit(mut self, channels: usize) -> Self {
        self.channel_limit = channels;
        self
    }

    /// Downstream and upstream bandwidth in bytes per second (0: unlimited).
    /// ENet uses them to size windows and throttle what peers send.
    pub fn bandwidth(mut self, incoming: u32, outgoing: u32) -> Self {
        self.incoming_bandwidth = incoming;
        self.outgoing_bandwidth = outgoing;
        self
    }

    /// The largest datagram the host sends (576 to 4096 bytes).
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.mtu = mtu;
        self
    }

    /// Compresses datagrams with ENet's range coder. Both sides must agree
    /// (the protocol does not negotiate it).
    pub fn compression(mut self, on: bool) -> Self {
        self.compression = on;
        self
    }

    /// Protects datagrams with ENet's CRC32 checksum. Both sides must agree.
    pub fn checksum(mut self, on: bool) -> Self {
        self.checksum = on;
        self
    }

    /// Seeds the generator of connect IDs (default: from the clock and the
    /// host's address), for reproducible runs.
    pub fn seed(mut self, seed: u32) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The largest packet the host sends or accepts (default 32 MiB).
    pub fn maximum_packet_size(mut self, bytes: usize) -> Self {
        self.maximum_packet_size = bytes;
        self
    }

    /// How much received data may wait, per peer, for the application to
    /// take it before the peer is disconnected (default 32 MiB).
    pub fn maximum_waiting_data(mut self, bytes: usize) -> Self {
        self.maximum_waiting_data = bytes;
        self
    }

    /// How many connections may come from one IP address (default 4095).
    pub fn duplicate_peers(mut self, peers: usize) -> Self {
        self.duplicate_peers = peers;
        self
    }

    /// Flood resistance: when every slot is taken, a new CONNECT evicts the
    /// oldest half-open connection (answered, not yet acknowledged) instead
    /// of being ignored. A flood of spoofed CONNECTs then cannot lock real
    /// clients out, and slots free up the moment it stops. Established
    /// connections are never touched; the wire protocol is unchanged. Off by
    /// default (upstream's behaviour). C programs turn it on with the
    /// environment variable `ENET_EVICT_HALF_OPEN=1`.
    pub fn evict_half_open_connections(mut self, on: bool) -> Self {
        self.evict_half_open = on;
        self
    }

    /// Checks the settings, creates and binds the socket.
    pub fn build(self) -> Result<Host> {
        if self.peer_limit == 0 || self.peer_limit > ENET_PROTOCOL_MAXIMUM_PEER_ID as usize {
            return Err(Error::InvalidConfig("peer limit must be 1 to 4095"));
        }
        if self.channel_limit == 0
            || self.channel_limit > ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT as usize
        {
            return Err(Error::InvalidConfig("channel limit must be 1 to 255"));
        }
        if !(ENET_PROTOCOL_MINIMUM_MTU..=ENET_PROTOCOL_MAXIMUM_MTU as u32).contains(&self.mtu) {
            return Err(Error::InvalidConfig("MTU must be 576 to 4096"));
        }
        if self.maximum_packet_size == 0 {
            return Err(Error::InvalidConfig("maximum packet size must not be 0"));
        }
        if self.duplicate_peers == 0 {
            return Err(Error::InvalidConfig("duplicate peers must be at least 1"));
        }
        Host::from_builder(self)
    }
}
