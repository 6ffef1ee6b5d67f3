//! The host: a UDP socket driving the protocol engine.

use std::net::{SocketAddr, UdpSocket};
use std::os::fd::AsRawFd;
use std::time::Duration;

use super::config::HostBuilder;
use super::error::{Error, Result};
use super::event::Event;
use super::hooks::ApiHooks;
use super::packet::Packet;
use super::peer::{Peer, PeerId};
use crate::abi::{
    ENetPeerState, ENetSocketOption, ENET_HOST_RECEIVE_BUFFER_SIZE, ENET_HOST_SEND_BUFFER_SIZE,
};
use crate::driver::{self, Wake};
use crate::engine::{self, HostConfig};
use crate::sys;

/// Datagrams handled per service call before events get their turn.
const RECEIVE_LIMIT: usize = 256;

/// An ENet host: one UDP socket, up to its peer limit of connections.
///
/// Nothing happens on the network except inside [`service`](Host::service)
/// (and [`flush`](Host::flush)): call it regularly, typically once per
/// frame or in a loop with a timeout, and handle the events it returns.
///
/// ```
/// use std::time::Duration;
/// use enet::{Event, HostBuilder, Packet};
///
/// # fn main() -> Result<(), enet::Error> {
/// let mut server = HostBuilder::new().bind("127.0.0.1:0".parse().unwrap()).build()?;
/// let mut client = HostBuilder::new().build()?;
/// let to_server = client.connect(server.local_addr(), 1, 42)?;
/// let mut greeted = false;
/// for _ in 0..500 {
///     if let Some(Event::Connect { peer, .. }) = client.service(Duration::from_millis(1))? {
///         assert_eq!(peer, to_server);
///         client.peer(peer)?.send(0, Packet::reliable(&b"hello"[..]))?;
///     }
///     match server.service(Duration::from_millis(1))? {
///         Some(Event::Connect { data, .. }) => assert_eq!(data, 42),
///         Some(Event::Receive { packet, .. }) => {
///             assert_eq!(packet.data(), b"hello");
///             greeted = true;
///             break;
///         }
///         _ => {}
///     }
/// }
/// assert!(greeted);
/// # Ok(())
/// # }
/// ```
pub struct Host {
    pub(crate) engine: Box<engine::Host<ApiHooks>>,
    socket: UdpSocket,
    local: SocketAddr,
    /// The connect ID of each slot's current connection, as its handle
    /// carries it (kept here because the engine clears it on reset, before
    /// the disconnect event is reported).
    connect_ids: Vec<u32>,
}

/// Shows IPv4-mapped IPv6 addresses as the IPv4 addresses they are.
pub(crate) fn canonical(address: SocketAddr) -> SocketAddr {
    match address {
        SocketAddr::V6(v6) => match v6.ip().to_ipv4_mapped() {
            Some(v4) => SocketAddr::from((v4, v6.port())),
            None => address,
        },
        v4 => v4,
    }
}

impl Host {
    /// A [`HostBuilder`] with the defaults.
    pub fn builder() -> HostBuilder {
        HostBuilder::new()
    }

    pub(crate) fn from_builder(config: HostBuilder) -> Result<Host> {
        let socket = UdpSocket::bind(config.bind)?;
        socket.set_nonblocking(true)?;
        socket.set_broadcast(true)?;
        let fd = socket.as_raw_fd();
        // Best effort, as upstream: a smaller buffer still works.
        sys::socket::set_option(
            fd,
            ENetSocketOption::ENET_SOCKOPT_RCVBUF as u32,
            ENET_HOST_RECEIVE_BUFFER_SIZE as i32,
        );
        sys::socket::set_option(
            fd,
            ENetSocketOption::ENET_SOCKOPT_SNDBUF as u32,
            ENET_HOST_SEND_BUFFER_SIZE as i32,
        );
        let _ = sys::udp::enable_coalesced_receive(fd);
        let local = socket.local_addr()?;
        let seed = config.seed.unwrap_or_else(|| {
            let clock = sys::time::get();
            clock.rotate_left(16) ^ u32::from(local.port()) ^ (fd as u32).wrapping_mul(0x9E37_79B9)
        });
        let engine_config = HostConfig {
            peer_count: config.peer_limit,
            channel_limit: config.channel_limit,
            incoming_bandwidth: config.incoming_bandwidth,
            outgoing_bandwidth: config.outgoing_bandwidth,
            seed,
        };
        let mut hooks = ApiHooks::new(config.checksum, config.compression);
        // Valid while the host lives: the socket is closed only with it.
        hooks.socket = Some(fd);
        let mut engine = engine::Host::new(engine_config, hooks)
            .ok_or(Error::InvalidConfig("peer limit must be 1 to 4095"))?;
        engine.raw.mtu = config.mtu;
        engine.raw.maximumPacketSize = config.maximum_packet_size;
        engine.raw.maximumWaitingData = config.maximum_waiting_data;
        engine.raw.duplicatePeers = config.duplicate_peers;
        engine.evict_half_open = config.evict_half_open;
        engine.raw.address = engine::to_enet(&local);
        Ok(Host {
            engine,
            socket,
            local,
            connect_ids: vec![0; config.peer_limit],
        })
    }

    /// The address the socket is bound to (with the real port when the
    /// builder asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }

    /// Maps `address` onto this socket's family: IPv4 peers of an IPv6
    /// socket become IPv4-mapped addresses.
    fn route(&self, address: SocketAddr) -> Result<SocketAddr> {
        match (self.local, address) {
            (SocketAddr::V6(_), SocketAddr::V4(v4)) => {
                Ok(SocketAddr::from((v4.ip().to_ipv6_mapped(), v4.port())))
            }
            (SocketAddr::V4(_), SocketAddr::V6(v6)) => match v6.ip().to_ipv4_mapped() {
                Some(v4) => Ok(SocketAddr::from((v4, v6.port()))),
                None => Err(Error::AddressFamily(address)),
            },
            _ => Ok(address),
        }
    }

    /// Starts connecting to `address` with `channels` channels (1 to 255)
    /// and a value the remote side receives in its
    /// [`Connect`](Event::Connect) event. Returns the connection's handle
    /// at once; a `Connect` event on this host follows when the handshake
    /// completes, or a `Disconnect` event if it fails (after about 5
    /// seconds without an answer, with ENet's default timeouts).
    pub fn connect(&mut self, address: SocketAddr, channels: usize, data: u32) -> Result<PeerId> {
        if channels == 0 || channels > 255 {
            return Err(Error::InvalidConfig("channel count must be 1 to 255"));
        }
        let address = self.route(address)?;
        let now = sys::time::get();
        let index = self
            .engine
            .connect(now, address, channels, data)
            .ok_or(Error::NoFreePeerSlot)?;
        let connect_id = self.engine.peer(index).connectID;
        self.connect_ids[index] = connect_id;
        Ok(PeerId { index, connect_id })
    }

    /// The connection behind `id`, for sending, disconnecting, settings and
    /// statistics; [`Error::UnknownPeer`] if that connection is over.
    pub fn peer(&mut self, id: PeerId) -> Result<Peer<'_>> {
        let live = id.index < self.connect_ids.len()
            && self.engine.peer_state(id.index)
                != ENetPeerState::ENET_PEER_STATE_DISCONNECTED as u32
            && self.engine.peer(id.index).connectID == id.connect_id;
        if !live {
            return Err(Error::UnknownPeer);
        }
        Ok(Peer { host: self, id })
    }

    /// Handles of the connected peers.
    pub fn connected_peers(&self) -> Vec<PeerId> {
        (0..self.engine.peer_count())
            .filter(|&index| {
                self.engine.peer_state(index) == ENetPeerState::ENET_PEER_STATE_CONNECTED as u32
            })
            .map(|index| PeerId {
                index,
                connect_id: self.engine.peer(index).connectID,
            })
            .collect()
    }

    /// Queues `packet` on `channel` to every connected peer; returns how
    /// many peers it was queued to.
    pub fn broadcast(&mut self, channel: u8, packet: &Packet) -> usize {
        let peers = self.connected_peers();
        peers
            .iter()
            .filter(|peer| {
                self.engine
                    .send(peer.index, channel, packet.clone())
                    .is_ok()
            })
            .count()
    }

    /// Sets the host's bandwidth (bytes per second, 0: unlimited); peers
    /// are told within a second.
    pub fn set_bandwidth_limit(&mut self, incoming: u32, outgoing: u32) {
        self.engine.set_bandwidth_limit(incoming, outgoing);
    }

    /// Sets the most channels future incoming connections may use (1 to 255).
    pub fn set_channel_limit(&mut self, channels: usize) -> Result<()> {
        if channels == 0 || channels > 255 {
            return Err(Error::InvalidConfig("channel limit must be 1 to 255"));
        }
        self.engine.set_channel_limit(channels);
        Ok(())
    }

    /// Bytes and datagrams sent and received since the host was created
    /// (ENet's 32-bit counters, wrapping).
    pub fn totals(&self) -> Totals {
        let raw = &self.engine.raw;
        Totals {
            sent_bytes: raw.totalSentData,
            sent_datagrams: raw.totalSentPackets,
            received_bytes: raw.totalReceivedData,
            received_datagrams: raw.totalReceivedPackets,
        }
    }

    /// Sends everything queued now, without waiting for
    /// [`service`](Host::service).
    pub fn flush(&mut self) -> Result<()> {
        let now = sys::time::get();
        self.engine.raw.serviceTime = now;
        self.engine.flush(now);
        self.send_outbox()
    }

    /// Returns an event already waiting, without touching the network.
    pub fn check_events(&mut self) -> Option<Event> {
        let happened = self.engine.poll_event()?;
        Some(self.translate(happened))
    }

    /// Sends what is queued, retransmits what is due, receives what
    /// arrived, and returns the next event, waiting up to `timeout` for one.
    /// `Ok(None)` means the time passed without an event. Errors are socket
    /// failures only.
    pub fn service(&mut self, timeout: Duration) -> Result<Option<Event>> {
        if let Some(event) = self.check_events() {
            return Ok(Some(event));
        }
        let timeout_ms = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX / 2);
        let mut now = sys::time::get();
        let deadline = now.wrapping_add(timeout_ms);
        loop {
            self.engine.raw.serviceTime = now;
            self.engine.service_send(now);
            self.send_outbox()?;
            if let Some(event) = self.check_events() {
                return Ok(Some(event));
            }
            self.receive(now)?;
            self.engine.flush(now);
            self.send_outbox()?;
            if let Some(event) = self.check_events() {
                return Ok(Some(event));
            }
            // A call whose time is already up returns without reading the
            // clock again.
            if engine::time::greater_equal(now, deadline) {
                return Ok(None);
            }
            match driver::wait(&mut self.engine, self.socket.as_raw_fd(), deadline)? {
                Wake::Deadline => return Ok(None),
                Wake::Work => now = sys::time::get(),
            }
        }
    }

    /// Handles up to [`RECEIVE_LIMIT`] waiting datagrams.
    fn receive(&mut self, now: u32) -> Result<()> {
        let mut batch = std::mem::take(&mut self.engine.hooks.receive);
        let mut handled = 0;
        let result = loop {
            if handled >= RECEIVE_LIMIT {
                break Ok(());
            }
            let count = match batch.receive(self.socket.as_raw_fd(), RECEIVE_LIMIT - handled) {
                Ok(0) => break Ok(()),
                Ok(count) => count,
                Err(error) => break Err(error.into()),
            };
            handled += count;
            for index in 0..count {
                if let Some((from, bytes)) = batch.datagram(index) {
                    self.engine.count_received(bytes.len());
                    self.engine.handle_datagram(now, from, bytes);
                }
            }
        };
        batch.release();
        self.engine.hooks.receive = batch;
        result
    }

    /// Puts the engine's outgoing datagrams on the socket.
    pub(crate) fn send_outbox(&mut self) -> Result<()> {
        let sent = driver::send_outbox(&mut self.engine, self.socket.as_raw_fd());
        if let Some(error) = self.engine.hooks.send_error.take() {
            return Err(error.into());
        }
        Ok(sent?)
    }

    fn translate(&mut self, happened: engine::Event<Packet>) -> Event {
        match happened {
            engine::Event::Connect { peer, data } => {
                let connect_id = self.engine.peer(peer).connectID;
                self.connect_ids[peer] = connect_id;
                Event::Connect {
                    peer: PeerId {
                        index: peer,
                        connect_id,
                    },
                    data,
                }
            }
            engine::Event::Receive {
                peer,
                channel_id,
                packet,
            } => Event::Receive {
                peer: PeerId {
                    index: peer,
                    connect_id: self.connect_ids[peer],
                },
                channel: channel_id,
                packet,
            },
            engine::Event::Disconnect { peer, data } => Event::Disconnect {
                peer: PeerId {
                    index: peer,
                    connect_id: self.connect_ids[peer],
                },
                data,
            },
        }
    }
}

/// A host's traffic counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Bytes sent.
    pub sent_bytes: u32,
    /// Datagrams sent.
    pub sent_datagrams: u32,
    /// Bytes received.
    pub received_bytes: u32,
    /// Datagrams received.
    pub received_datagrams: u32,
}
