//! A Rust API host talks to a host of the reference C library (Debian's
//! libenet.so.7, loaded privately in this process), in both roles, with
//! and without the range coder and CRC32 on both sides.

// Each transmute target is spelled by the field it initialises.
#![allow(clippy::missing_transmute_annotations)]

mod common;

use std::ffi::c_void;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use enet::abi::{ENetAddress, ENetEvent, ENetHost, ENetPacket, ENetPeer};
use enet::{DeliveryMode, Event, HostBuilder, Packet};

const RECEIVE: u32 = 3;
const CONNECT: u32 = 1;
const DISCONNECT: u32 = 2;
const LIMIT: Duration = Duration::from_secs(10);

/// The reference library's host functions.
struct C {
    _library: common::Reference,
    initialize: unsafe extern "C" fn() -> i32,
    host_create: unsafe extern "C" fn(*const ENetAddress, usize, usize, u32, u32) -> *mut ENetHost,
    host_destroy: unsafe extern "C" fn(*mut ENetHost),
    host_service: unsafe extern "C" fn(*mut ENetHost, *mut ENetEvent, u32) -> i32,
    host_connect:
        unsafe extern "C" fn(*mut ENetHost, *const ENetAddress, usize, u32) -> *mut ENetPeer,
    compress_with_range_coder: unsafe extern "C" fn(*mut ENetHost) -> i32,
    crc32: unsafe extern "C" fn(*const enet::abi::ENetBuffer, usize) -> u32,
    packet_create: unsafe extern "C" fn(*const c_void, usize, u32) -> *mut ENetPacket,
    packet_destroy: unsafe extern "C" fn(*mut ENetPacket),
    peer_send: unsafe extern "C" fn(*mut ENetPeer, u8, *mut ENetPacket) -> i32,
    peer_disconnect: unsafe extern "C" fn(*mut ENetPeer, u32),
}

impl C {
    fn load() -> C {
        let library = common::Reference::load();
        // SAFETY: each symbol is the reference's function of that C
        // signature (upstream's enet.h), as the field types spell it.
        unsafe {
            C {
                initialize: std::mem::transmute(library.symbol("enet_initialize")),
                host_create: std::mem::transmute(library.symbol("enet_host_create")),
                host_destroy: std::mem::transmute(library.symbol("enet_host_destroy")),
                host_service: std::mem::transmute(library.symbol("enet_host_service")),
                host_connect: std::mem::transmute(library.symbol("enet_host_connect")),
                compress_with_range_coder: std::mem::transmute(
                    library.symbol("enet_host_compress_with_range_coder"),
                ),
                crc32: std::mem::transmute(library.symbol("enet_crc32")),
                packet_create: std::mem::transmute(library.symbol("enet_packet_create")),
                packet_destroy: std::mem::transmute(library.symbol("enet_packet_destroy")),
                peer_send: std::mem::transmute(library.symbol("enet_peer_send")),
                peer_disconnect: std::mem::transmute(library.symbol("enet_peer_disconnect")),
                _library: library,
            }
        }
    }

    /// A reference host on 127.0.0.1 (any port) or unbound.
    fn host(&self, bind: bool, tuned: bool) -> *mut ENetHost {
        let address = ENetAddress {
            host: u32::from_ne_bytes([127, 0, 0, 1]),
            port: 0,
        };
        // SAFETY: plain calls with a valid address (or NULL).
        unsafe {
            assert_eq!((self.initialize)(), 0);
            let host =
                (self.host_create)(if bind { &address } else { std::ptr::null() }, 4, 4, 0, 0);
            assert!(!host.is_null());
            if tuned {
                assert_eq!((self.compress_with_range_coder)(host), 0);
                (*host).checksum = Some(self.crc32);
            }
            host
        }
    }

    /// Services the reference host once without waiting.
    fn service(&self, host: *mut ENetHost) -> Option<ENetEvent> {
        // SAFETY: a live host and a writable event.
        unsafe {
            let mut event: ENetEvent = std::mem::zeroed();
            ((self.host_service)(host, &mut event, 0) > 0).then_some(event)
        }
    }

    /// Sends a copy of `data` with `flags`.
    fn send(&self, peer: *mut ENetPeer, channel: u8, data: &[u8], flags: u32) {
        // SAFETY: a live peer; the packet copies `data`.
        unsafe {
            let packet = (self.packet_create)(data.as_ptr().cast(), data.len(), flags);
            assert_eq!((self.peer_send)(peer, channel, packet), 0);
        }
    }

    fn payload(event: &ENetEvent) -> (Vec<u8>, u32) {
        // SAFETY: a receive event's packet holds `dataLength` bytes.
        unsafe {
            let packet = &*event.packet;
            let data = if packet.dataLength == 0 {
                Vec::new()
            } else {
                std::slice::from_raw_parts(packet.data, packet.dataLength).to_vec()
            };
            (data, packet.flags)
        }
    }
}

fn port_of(host: *mut ENetHost) -> u16 {
    // SAFETY: a live host.
    unsafe { (*host).address.port }
}

/// What the Rust side sends. No empty packet when the reference compresses:
/// upstream's range coder reads a byte from an empty buffer, and a
/// zero-length packet's buffer is NULL there, so the reference host would
/// crash echoing it (our range coder skips empty buffers).
fn messages(compressed: bool) -> Vec<(u8, Packet)> {
    let big: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let mut messages = vec![
        (0, Packet::reliable(&b"hello reference"[..])),
        (1, Packet::new(&b"unreliable"[..], DeliveryMode::Unreliable)),
        (
            2,
            Packet::new(&b"unsequenced"[..], DeliveryMode::Unsequenced),
        ),
        (
            3,
            Packet::new(vec![5u8; 2500], DeliveryMode::UnreliableFragment),
        ),
        (0, Packet::reliable(big)),
    ];
    if !compressed {
        messages.push((1, Packet::reliable(Vec::new())));
    }
    messages
}

fn rust_client_reference_server(tuned: bool) {
    let c = C::load();
    let server = c.host(true, tuned);
    let mut client = HostBuilder::new()
        .compression(tuned)
        .checksum(tuned)
        .build()
        .unwrap();
    let address: SocketAddr = ([127, 0, 0, 1], port_of(server)).into();
    let to_server = client.connect(address, 4, 1234).unwrap();
    let sent = messages(tuned);
    let mut echoes = Vec::new();
    let (mut server_connect_data, mut server_disconnect_data) = (None, None);
    let mut client_disconnected = false;
    let start = Instant::now();
    while !(client_disconnected && server_disconnect_data.is_some()) {
        assert!(start.elapsed() < LIMIT, "stuck: echoes {}", echoes.len());
        while let Some(event) = c.service(server) {
            match event.r#type {
                CONNECT => server_connect_data = Some(event.data),
                // Echo with the same channel and flags.
                RECEIVE => {
                    let (data, flags) = C::payload(&event);
                    c.send(event.peer, event.channelID, &data, flags & 0xF);
                    // SAFETY: the received packet is ours to destroy.
                    unsafe { (c.packet_destroy)(event.packet) };
                }
                DISCONNECT => server_disconnect_data = Some(event.data),
                _ => {}
            }
        }
        match client.service(Duration::from_millis(1)).unwrap() {
            Some(Event::Connect { peer, .. }) => {
                assert_eq!(peer, to_server);
                let mut peer = client.peer(peer).unwrap();
                for (channel, packet) in &sent {
                    peer.send(*channel, packet.clone()).unwrap();
                }
            }
            Some(Event::Receive {
                channel, packet, ..
            }) => {
                echoes.push((channel, packet));
                if echoes.len() == sent.len() {
                    client.peer(to_server).unwrap().disconnect(4321);
                }
            }
            Some(Event::Disconnect { .. }) => client_disconnected = true,
            None => {}
        }
    }
    assert_eq!(server_connect_data, Some(1234));
    assert_eq!(server_disconnect_data, Some(4321));
    let key = |(channel, packet): &(u8, Packet)| (*channel, packet.len());
    let mut want = sent.clone();
    want.sort_by_key(key);
    echoes.sort_by_key(key);
    assert_eq!(echoes, want, "every packet echoed whole with its mode");
    // SAFETY: the host is no longer used.
    unsafe { (c.host_destroy)(server) };
}

fn reference_client_rust_server(tuned: bool) {
    let c = C::load();
    let client = c.host(false, tuned);
    let mut server = HostBuilder::new()
        .bind("127.0.0.1:0".parse().unwrap())
        .compression(tuned)
        .checksum(tuned)
        .build()
        .unwrap();
    let address = ENetAddress {
        host: u32::from_ne_bytes([127, 0, 0, 1]),
        port: server.local_addr().port(),
    };
    // SAFETY: a live host and a valid address.
    let peer = unsafe { (c.host_connect)(client, &address, 2, 99) };
    assert!(!peer.is_null());
    let mut replies = Vec::new();
    let mut server_saw = Vec::new();
    let mut disconnect_data = None;
    let start = Instant::now();
    while disconnect_data.is_none() {
        assert!(start.elapsed() < LIMIT, "stuck: server saw {server_saw:?}");
        while let Some(event) = c.service(client) {
            match event.r#type {
                CONNECT => {
                    c.send(peer, 0, b"from C, reliable", 1);
                    c.send(peer, 1, &vec![3u8; 50_000], 1);
                    c.send(peer, 1, b"from C, unsequenced", 2);
                }
                RECEIVE => {
                    replies.push(C::payload(&event).0);
                    // SAFETY: ours to destroy.
                    unsafe { (c.packet_destroy)(event.packet) };
                    if replies.len() == 3 {
                        // SAFETY: a live peer.
                        unsafe { (c.peer_disconnect)(peer, 8) };
                    }
                }
                _ => {}
            }
        }
        match server.service(Duration::from_millis(1)).unwrap() {
            Some(Event::Connect { data, .. }) => server_saw.push(format!("connect {data}")),
            Some(Event::Receive {
                peer,
                channel,
                packet,
            }) => {
                server_saw.push(format!("{channel} {:?} {}", packet.mode(), packet.len()));
                let reply =
                    Packet::reliable(packet.data().iter().rev().copied().collect::<Vec<u8>>());
                server.peer(peer).unwrap().send(channel, reply).unwrap();
            }
            Some(Event::Disconnect { data, .. }) => disconnect_data = Some(data),
            None => {}
        }
    }
    let mut expected = vec![
        "connect 99".to_string(),
        "0 Reliable 16".to_string(),
        "1 Reliable 50000".to_string(),
        "1 Unsequenced 19".to_string(),
    ];
    server_saw.sort();
    expected.sort();
    assert_eq!(server_saw, expected);
    assert_eq!(disconnect_data, Some(8));
    replies.sort_by_key(|reply| reply.len());
    assert_eq!(replies[0], b"elbailer ,C morf");
    assert_eq!(replies[1], b"decneuqesnu ,C morf");
    assert_eq!(replies[2], vec![3u8; 50_000]);
    // SAFETY: the host is no longer used.
    unsafe { (c.host_destroy)(client) };
}

#[test]
fn rust_client_talks_to_reference_server() {
    rust_client_reference_server(false);
}

#[test]
fn rust_client_talks_to_reference_server_compressed_and_checksummed() {
    rust_client_reference_server(true);
}

#[test]
fn reference_client_talks_to_rust_server() {
    reference_client_rust_server(false);
}

#[test]
fn reference_client_talks_to_rust_server_compressed_and_checksummed() {
    reference_client_rust_server(true);
}
