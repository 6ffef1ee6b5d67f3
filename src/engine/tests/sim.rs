//! The simulator every engine test uses: hosts on a virtual network with a
//! virtual clock, seeded loss, duplication, reordering, latency, jitter and
//! an MTU limit.

use std::cell::Cell;
use std::net::SocketAddr;
use std::rc::Rc;

use crate::abi::{ENetHost, ENetPacketFlag};
use crate::engine::{Event, Hooks, Host, HostConfig, PacketHandle};
use crate::wire::crc32::enet_checksum;
use crate::wire::range_coder::{self, SymbolTable, EMPTY_TABLE};

/// A packet with upstream's reference counting made observable.
#[derive(Debug, Clone)]
pub struct TestPacket(pub Rc<PacketState>);

#[derive(Debug)]
pub struct PacketState {
    pub data: Vec<u8>,
    pub flags: Cell<u32>,
    pub references: Cell<usize>,
    pub destroyed: Cell<bool>,
}

impl TestPacket {
    pub fn new(data: &[u8], flags: u32) -> Self {
        TestPacket(Rc::new(PacketState {
            data: data.to_vec(),
            flags: Cell::new(flags),
            references: Cell::new(0),
            destroyed: Cell::new(false),
        }))
    }

    pub fn reliable(data: &[u8]) -> Self {
        Self::new(data, ENetPacketFlag::ENET_PACKET_FLAG_RELIABLE as u32)
    }
}

impl PartialEq for TestPacket {
    fn eq(&self, other: &Self) -> bool {
        self.0.data == other.0.data
    }
}
impl Eq for TestPacket {}

impl PacketHandle for TestPacket {
    fn data(&self) -> &[u8] {
        &self.0.data
    }
    fn flags(&self) -> u32 {
        self.0.flags.get()
    }
    fn acquire(&self) {
        assert!(!self.0.destroyed.get(), "acquire on a destroyed packet");
        self.0.references.set(self.0.references.get() + 1);
    }
    fn release(&self, sent: bool) {
        let count = self.0.references.get();
        assert!(count > 0, "release without a reference");
        self.0.references.set(count - 1);
        if count == 1 {
            if sent {
                self.0
                    .flags
                    .set(self.0.flags.get() | ENetPacketFlag::ENET_PACKET_FLAG_SENT as u32);
            }
            self.0.destroyed.set(true);
        }
    }
    fn release_to_application(&self) {
        let count = self.0.references.get();
        assert!(count > 0, "handing over a packet without a reference");
        self.0.references.set(count - 1);
    }
    fn reference_count(&self) -> usize {
        self.0.references.get()
    }
}

/// Datagrams handed over in one early send: (destination, bytes).
pub type SentBatch = Vec<(std::net::SocketAddr, Vec<u8>)>;

/// Hooks with the built-in CRC32 and range coder, switchable per host.
pub struct TestHooks {
    pub checksum: bool,
    pub compression: bool,
    table: Box<SymbolTable>,
    /// When set, takes the datagrams a send pass offers early
    /// ([`Hooks::send_early`]) as a socket would (they are not delivered).
    pub early_sends: Option<Vec<SentBatch>>,
}

impl TestHooks {
    pub fn new() -> Self {
        TestHooks {
            checksum: false,
            compression: false,
            table: Box::new(EMPTY_TABLE),
            early_sends: None,
        }
    }
}

impl Hooks for TestHooks {
    type Packet = TestPacket;

    fn create_packet(&mut self, data: &[u8], flags: u32) -> Option<TestPacket> {
        Some(TestPacket::new(data, flags))
    }
    fn checksum_enabled(&self, _: &ENetHost) -> bool {
        self.checksum
    }
    fn checksum(&mut self, _: &ENetHost, buffers: &[&[u8]]) -> u32 {
        enet_checksum(buffers)
    }
    fn compression_enabled(&self, _: &ENetHost) -> bool {
        self.compression
    }
    fn compress(&mut self, _: &ENetHost, input: &[&[u8]], out: &mut [u8]) -> Option<usize> {
        if !self.compression {
            return None;
        }
        range_coder::compress(&mut self.table, input.iter().copied(), out)
    }
    fn decompress(&mut self, _: &ENetHost, input: &[u8], out: &mut [u8]) -> Option<usize> {
        if !self.compression {
            return None;
        }
        range_coder::decompress(&mut self.table, input, out)
    }
    fn send_early(&mut self, _: &ENetHost, datagrams: &[(std::net::SocketAddr, &[u8])]) -> bool {
        let Some(batches) = &mut self.early_sends else {
            return false;
        };
        batches.push(
            datagrams
                .iter()
                .map(|&(address, bytes)| (address, bytes.to_vec()))
                .collect(),
        );
        true
    }
}

/// Impairments applied to every datagram in flight.
#[derive(Debug, Clone, Copy, Default)]
pub struct Impairment {
    /// Probability of losing a datagram, in percent.
    pub loss_percent: u32,
    /// Probability of duplicating a datagram, in percent.
    pub duplicate_percent: u32,
    /// One-way latency in milliseconds.
    pub latency: u32,
    /// Extra random delay up to this many milliseconds (reorders).
    pub jitter: u32,
    /// Datagrams larger than this are dropped (0: no limit).
    pub mtu: usize,
}

struct InFlight {
    deliver_at: u64,
    from: SocketAddr,
    to: usize,
    bytes: Vec<u8>,
}

pub struct SimHost {
    pub address: SocketAddr,
    pub host: Box<Host<TestHooks>>,
    pub events: Vec<Event<TestPacket>>,
}

/// Several hosts on a virtual network.
pub struct Network {
    /// Virtual time in milliseconds since the start (ENet time is its low 32 bits
    /// plus `time_offset`).
    pub elapsed: u64,
    pub time_offset: u32,
    pub hosts: Vec<SimHost>,
    pub impairment: Impairment,
    in_flight: Vec<InFlight>,
    rng: u64,
    pub datagrams_sent: u64,
    pub datagrams_lost: u64,
}

impl Network {
    pub fn new(seed: u64) -> Self {
        Network {
            elapsed: 0,
            time_offset: 1000,
            hosts: Vec::new(),
            impairment: Impairment::default(),
            in_flight: Vec::new(),
            rng: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            datagrams_sent: 0,
            datagrams_lost: 0,
        }
    }

    /// ENet time now.
    pub fn now(&self) -> u32 {
        (self.elapsed as u32).wrapping_add(self.time_offset)
    }

    fn random(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }

    fn chance(&mut self, percent: u32) -> bool {
        percent > 0 && self.random() % 100 < percent as u64
    }

    /// Adds a host; returns its index.
    pub fn add_host(&mut self, peer_count: usize, channel_limit: usize) -> usize {
        self.add_host_with(HostConfig {
            peer_count,
            channel_limit,
            incoming_bandwidth: 0,
            outgoing_bandwidth: 0,
            seed: self.hosts.len() as u32 * 7919 + 1,
        })
    }

    pub fn add_host_with(&mut self, config: HostConfig) -> usize {
        let index = self.hosts.len();
        let address: SocketAddr = format!("10.0.0.{}:{}", index + 1, 7000 + index)
            .parse()
            .unwrap();
        let host = Host::new(config, TestHooks::new()).expect("host");
        self.hosts.push(SimHost {
            address,
            host,
            events: Vec::new(),
        });
        index
    }

    pub fn host(&mut self, index: usize) -> &mut Host<TestHooks> {
        &mut self.hosts[index].host
    }

    /// Connects host `from` to host `to`; returns the client's peer index.
    pub fn connect(&mut self, from: usize, to: usize, channels: usize, data: u32) -> usize {
        let now = self.now();
        let address = self.hosts[to].address;
        self.hosts[from]
            .host
            .connect(now, address, channels, data)
            .expect("free peer slot")
    }

    /// Advances the network by one millisecond: delivers due datagrams, runs
    /// every host's send pass and collects events.
    pub fn tick(&mut self) {
        self.elapsed += 1;
        let now = self.now();
        let mut due = Vec::new();
        let mut index = 0;
        while index < self.in_flight.len() {
            if self.in_flight[index].deliver_at <= self.elapsed {
                due.push(self.in_flight.swap_remove(index));
            } else {
                index += 1;
            }
        }
        due.sort_by_key(|datagram| datagram.deliver_at);
        for datagram in due {
            let host = &mut self.hosts[datagram.to].host;
            host.count_received(datagram.bytes.len());
            host.handle_datagram(now, datagram.from, &datagram.bytes);
        }
        for index in 0..self.hosts.len() {
            self.hosts[index].host.service_send(now);
            self.collect(index);
            self.transmit(index);
        }
    }

    /// Delivers due datagrams without running send passes or collecting
    /// events (an application that is not servicing its events).
    pub fn tick_deliveries_only(&mut self) {
        let now = self.now();
        let mut index = 0;
        while index < self.in_flight.len() {
            if self.in_flight[index].deliver_at <= self.elapsed {
                let datagram = self.in_flight.swap_remove(index);
                let host = &mut self.hosts[datagram.to].host;
                host.count_received(datagram.bytes.len());
                host.handle_datagram(now, datagram.from, &datagram.bytes);
            } else {
                index += 1;
            }
        }
    }

    /// Moves a host's events into its log.
    pub fn collect(&mut self, index: usize) {
        while let Some(event) = self.hosts[index].host.poll_event() {
            self.hosts[index].events.push(event);
        }
    }

    /// Puts a host's outgoing datagrams on the network.
    pub fn transmit(&mut self, index: usize) {
        let from = self.hosts[index].address;
        while let Some(datagram) = self.hosts[index].host.pop_datagram() {
            self.datagrams_sent += 1;
            let Some(to) = self
                .hosts
                .iter()
                .position(|host| host.address == datagram.address)
            else {
                self.hosts[index].host.recycle(datagram);
                continue;
            };
            let impairment = self.impairment;
            let oversize = impairment.mtu > 0 && datagram.bytes.len() > impairment.mtu;
            if oversize || self.chance(impairment.loss_percent) {
                self.datagrams_lost += 1;
                self.hosts[index].host.recycle(datagram);
                continue;
            }
            let copies = if self.chance(impairment.duplicate_percent) {
                2
            } else {
                1
            };
            for _ in 0..copies {
                let jitter = if impairment.jitter > 0 {
                    self.random() % (impairment.jitter as u64 + 1)
                } else {
                    0
                };
                let delay = (impairment.latency as u64 + jitter).max(1);
                self.in_flight.push(InFlight {
                    deliver_at: self.elapsed + delay,
                    from,
                    to,
                    bytes: datagram.bytes.clone(),
                });
            }
            self.hosts[index].host.recycle(datagram);
        }
    }

    /// Runs for `milliseconds`.
    pub fn run(&mut self, milliseconds: u64) {
        for _ in 0..milliseconds {
            self.tick();
        }
    }

    /// Runs until `done` holds (checked every millisecond) or `limit`
    /// milliseconds pass; returns whether it held.
    pub fn run_until(&mut self, limit: u64, mut done: impl FnMut(&mut Network) -> bool) -> bool {
        for _ in 0..limit {
            if done(self) {
                return true;
            }
            self.tick();
        }
        done(self)
    }

    /// Takes the events host `index` has collected.
    pub fn take_events(&mut self, index: usize) -> Vec<Event<TestPacket>> {
        std::mem::take(&mut self.hosts[index].events)
    }

    /// Connects `client` to `server` and runs until both sides have their
    /// CONNECT event; returns (client peer, server peer).
    pub fn establish(
        &mut self,
        client: usize,
        server: usize,
        channels: usize,
        data: u32,
    ) -> (usize, usize) {
        let client_peer = self.connect(client, server, channels, data);
        let mut server_peer = None;
        let mut client_connected = false;
        let connected = self.run_until(5_000, |network| {
            for event in network.take_events(server) {
                if let Event::Connect {
                    peer,
                    data: received,
                } = event
                {
                    assert_eq!(received, data, "server sees the connect data");
                    server_peer = Some(peer);
                }
            }
            for event in network.take_events(client) {
                if let Event::Connect {
                    peer,
                    data: received,
                } = event
                {
                    assert_eq!(peer, client_peer);
                    assert_eq!(received, 0, "the connecting side's CONNECT event carries 0");
                    client_connected = true;
                }
            }
            client_connected && server_peer.is_some()
        });
        assert!(connected, "connection established");
        (client_peer, server_peer.unwrap())
    }
}
