//! The Rust API on loopback: every public method, IPv4 and IPv6, and the
//! documented errors for misuse.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use enet::{DeliveryMode, Error, Event, Host, HostBuilder, Packet, PeerId, PeerState};

const LIMIT: Duration = Duration::from_secs(10);

fn localhost(v6: bool) -> SocketAddr {
    if v6 {
        "[::1]:0".parse().unwrap()
    } else {
        "127.0.0.1:0".parse().unwrap()
    }
}

/// Services both hosts in turn, collecting their events, until `done`
/// says so; panics after [`LIMIT`].
fn pump(
    a: &mut Host,
    b: &mut Host,
    mut done: impl FnMut(&[Event], &[Event]) -> bool,
) -> (Vec<Event>, Vec<Event>) {
    let (mut from_a, mut from_b) = (Vec::new(), Vec::new());
    let start = Instant::now();
    while !done(&from_a, &from_b) {
        assert!(
            start.elapsed() < LIMIT,
            "timed out; a saw {from_a:?}, b saw {from_b:?}"
        );
        while let Some(event) = a.service(Duration::from_millis(1)).unwrap() {
            from_a.push(event);
        }
        while let Some(event) = b.service(Duration::from_millis(1)).unwrap() {
            from_b.push(event);
        }
    }
    (from_a, from_b)
}

fn connects(events: &[Event]) -> Vec<(PeerId, u32)> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Connect { peer, data } => Some((*peer, *data)),
            _ => None,
        })
        .collect()
}

fn received(events: &[Event]) -> Vec<(u8, Packet)> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Receive {
                channel, packet, ..
            } => Some((*channel, packet.clone())),
            _ => None,
        })
        .collect()
}

fn disconnects(events: &[Event]) -> Vec<(PeerId, u32)> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Disconnect { peer, data } => Some((*peer, *data)),
            _ => None,
        })
        .collect()
}

/// A connected pair: (server, client, the client as the server sees it,
/// the server as the client sees it).
fn connected(
    server: HostBuilder,
    client: HostBuilder,
    channels: usize,
) -> (Host, Host, PeerId, PeerId) {
    let mut server = server.build().unwrap();
    let mut client = client.build().unwrap();
    let to_server = client.connect(server.local_addr(), channels, 7).unwrap();
    let (server_events, client_events) = pump(&mut server, &mut client, |s, c| {
        !connects(s).is_empty() && !connects(c).is_empty()
    });
    let (to_client, data) = connects(&server_events)[0];
    assert_eq!(data, 7, "the server sees the connect data");
    assert_eq!(connects(&client_events), vec![(to_server, 0)]);
    (server, client, to_client, to_server)
}

fn exchange_every_mode(v6: bool) {
    let (mut server, mut client, to_client, to_server) = connected(
        HostBuilder::new().bind(localhost(v6)),
        HostBuilder::new().bind(localhost(v6)),
        4,
    );
    assert_eq!(server.local_addr().is_ipv6(), v6);
    let big: Vec<u8> = (0..200_000u32).map(|i| (i * 7 + 3) as u8).collect();
    let sent = [
        (0, Packet::reliable(&b"reliable"[..])),
        (1, Packet::new(&b"unreliable"[..], DeliveryMode::Unreliable)),
        (
            2,
            Packet::new(&b"unsequenced"[..], DeliveryMode::Unsequenced),
        ),
        (
            3,
            Packet::new(vec![9u8; 3000], DeliveryMode::UnreliableFragment),
        ),
        (0, Packet::reliable(big.clone())),
        (1, Packet::reliable(Vec::new())),
    ];
    {
        let mut peer = client.peer(to_server).unwrap();
        assert_eq!(peer.state(), PeerState::Connected);
        assert_eq!(peer.channel_count(), 4);
        assert_eq!(peer.address().unwrap().port(), server.local_addr().port());
        for (channel, packet) in &sent {
            peer.send(*channel, packet.clone()).unwrap();
        }
    }
    let (got, _) = pump(&mut server, &mut client, |s, _| {
        received(s).len() == sent.len()
    });
    let mut got = received(&got);
    let mut want = sent.to_vec();
    got.sort_by_key(|(channel, packet)| (*channel, packet.len()));
    want.sort_by_key(|(channel, packet)| (*channel, packet.len()));
    assert_eq!(
        got, want,
        "every mode arrives whole, with its mode and channel"
    );
    // The other direction, and the peer handle the server holds.
    server
        .peer(to_client)
        .unwrap()
        .send(2, Packet::reliable(&b"back"[..]))
        .unwrap();
    let (_, back) = pump(&mut server, &mut client, |_, c| !received(c).is_empty());
    assert_eq!(received(&back), vec![(2, Packet::reliable(&b"back"[..]))]);
    assert!(matches!(back[0], Event::Receive { peer, .. } if peer == to_server));
    // A graceful disconnect with data: both sides hear of it.
    client.peer(to_server).unwrap().disconnect(55);
    let (server_events, client_events) = pump(&mut server, &mut client, |s, c| {
        !disconnects(s).is_empty() && !disconnects(c).is_empty()
    });
    assert_eq!(disconnects(&server_events), vec![(to_client, 55)]);
    assert_eq!(disconnects(&client_events), vec![(to_server, 0)]);
    assert!(matches!(client.peer(to_server), Err(Error::UnknownPeer)));
    assert!(matches!(server.peer(to_client), Err(Error::UnknownPeer)));
}

#[test]
fn every_delivery_mode_over_ipv4() {
    exchange_every_mode(false);
}

#[test]
fn every_delivery_mode_over_ipv6() {
    exchange_every_mode(true);
}

#[test]
fn ipv6_host_on_any_address_reaches_ipv4_peers() {
    let mut server = HostBuilder::new().bind(localhost(false)).build().unwrap();
    // A dual-stack socket: connecting to an IPv4 address maps it.
    let mut client = HostBuilder::new()
        .bind("[::]:0".parse().unwrap())
        .build()
        .unwrap();
    let to_server = client.connect(server.local_addr(), 1, 1).unwrap();
    let (s, c) = pump(&mut server, &mut client, |s, c| {
        !connects(s).is_empty() && !connects(c).is_empty()
    });
    assert_eq!(connects(&c)[0].0, to_server);
    assert_eq!(
        client.peer(to_server).unwrap().address().unwrap(),
        server.local_addr(),
        "IPv4-mapped addresses are shown as IPv4"
    );
    assert_eq!(connects(&s)[0].1, 1);
}

#[test]
fn compression_and_checksums_between_rust_hosts() {
    let builder = || {
        HostBuilder::new()
            .bind(localhost(false))
            .compression(true)
            .checksum(true)
    };
    let (mut server, mut client, _, to_server) = connected(builder(), builder(), 1);
    let text = b"the same words again and again, the same words again and again ".repeat(20);
    for _ in 0..20 {
        client
            .peer(to_server)
            .unwrap()
            .send(0, Packet::reliable(text.clone()))
            .unwrap();
    }
    // An empty packet too (its empty buffer must not upset the compressor).
    client
        .peer(to_server)
        .unwrap()
        .send(0, Packet::reliable(Vec::new()))
        .unwrap();
    let (got, _) = pump(&mut server, &mut client, |s, _| received(s).len() == 21);
    let got = received(&got);
    assert!(got[..20]
        .iter()
        .all(|(_, packet)| packet.data() == text.as_slice()));
    assert!(got[20].1.is_empty());
    let totals = client.totals();
    assert!(
        (totals.sent_bytes as usize) < 20 * text.len() / 2,
        "compressed: {} bytes on the wire for {} bytes of packets",
        totals.sent_bytes,
        20 * text.len()
    );
    assert!(server.totals().received_datagrams > 0);
}

#[test]
fn broadcast_reaches_every_connected_peer() {
    let mut server = HostBuilder::new().bind(localhost(false)).build().unwrap();
    let mut clients: Vec<Host> = (0..3)
        .map(|_| HostBuilder::new().build().unwrap())
        .collect();
    for client in clients.iter_mut() {
        client.connect(server.local_addr(), 1, 0).unwrap();
    }
    let start = Instant::now();
    while server.connected_peers().len() < 3 {
        assert!(start.elapsed() < LIMIT);
        let _ = server.service(Duration::from_millis(1)).unwrap();
        for client in clients.iter_mut() {
            let _ = client.service(Duration::from_millis(1)).unwrap();
        }
    }
    let packet = Packet::reliable(&b"to all"[..]);
    assert_eq!(server.broadcast(0, &packet), 3);
    assert!(packet.in_flight(), "queued copies hold the packet");
    server.flush().unwrap();
    let mut got = [false; 3];
    while got.iter().any(|g| !g) {
        assert!(start.elapsed() < LIMIT);
        let _ = server.service(Duration::from_millis(1)).unwrap();
        for (i, client) in clients.iter_mut().enumerate() {
            if let Some(Event::Receive { packet, .. }) =
                client.service(Duration::from_millis(1)).unwrap()
            {
                assert_eq!(packet.data(), b"to all");
                got[i] = true;
            }
        }
    }
}

#[test]
fn a_send_pass_to_hundreds_of_peers_reaches_them_all() {
    // 300 connections opened at once: the client's first send pass makes
    // 300 CONNECT datagrams, which go to the socket in batches while the
    // pass runs (Hooks::send_early) and the rest at its end. Every one must
    // arrive: the server sees 300 connections.
    let mut server = HostBuilder::new()
        .bind(localhost(false))
        .peer_limit(300)
        .build()
        .unwrap();
    let mut client = HostBuilder::new().peer_limit(300).build().unwrap();
    let peers: Vec<PeerId> = (0..300)
        .map(|data| client.connect(server.local_addr(), 1, data).unwrap())
        .collect();
    let (_, at_server) = pump(&mut client, &mut server, |_, at_server| {
        connects(at_server).len() == 300
    });
    let mut data: Vec<u32> = connects(&at_server).iter().map(|&(_, data)| data).collect();
    data.sort_unstable();
    assert_eq!(data, (0..300).collect::<Vec<_>>());
    // Each on the first try: a CONNECT lost on the way would have been
    // retransmitted after its timeout, and counted.
    for id in peers {
        assert_eq!(client.peer(id).unwrap().stats().packets_lost, 0);
    }
}

#[test]
fn ping_settings_stats_and_throttle() {
    let (mut server, mut client, to_client, to_server) = connected(
        HostBuilder::new().bind(localhost(false)),
        HostBuilder::new(),
        1,
    );
    {
        let mut peer = client.peer(to_server).unwrap();
        peer.set_ping_interval(Duration::from_millis(50));
        peer.set_timeout(16, 2000, 4000);
        peer.configure_throttle(1000, 3, 4);
        peer.ping();
    }
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(300) {
        let _ = client.service(Duration::from_millis(5)).unwrap();
        let _ = server.service(Duration::from_millis(5)).unwrap();
    }
    let stats = client.peer(to_server).unwrap().stats();
    assert!(
        stats.round_trip_time < Duration::from_millis(100),
        "{stats:?}"
    );
    assert_eq!(stats.reliable_data_in_transit, 0);
    assert!(stats.packet_loss < 0.5);
    assert!((0.0..=1.0).contains(&stats.packet_throttle), "{stats:?}");
    assert_eq!(stats.mtu, 1392);
    assert_eq!(stats.waiting_data, 0);
    assert!(
        client.totals().sent_datagrams >= 4,
        "pinged every 50 ms: {:?}",
        client.totals()
    );
    assert_eq!(stats.throttle_configuration, (1000, 3, 4));
    let remote = server.peer(to_client).unwrap().stats();
    assert_eq!(
        remote.throttle_configuration,
        (1000, 3, 4),
        "the server was told"
    );
}

#[test]
fn disconnect_later_delivers_queued_packets_first() {
    let (mut server, mut client, to_client, to_server) = connected(
        HostBuilder::new().bind(localhost(false)),
        HostBuilder::new(),
        1,
    );
    {
        let mut peer = client.peer(to_server).unwrap();
        for i in 0..50u8 {
            peer.send(0, Packet::reliable(vec![i; 1000])).unwrap();
        }
        assert_eq!(peer.state(), PeerState::Connected);
        peer.disconnect_later(9);
    }
    assert_eq!(
        client.peer(to_server).unwrap().state(),
        PeerState::DisconnectLater
    );
    let (s, _) = pump(&mut server, &mut client, |s, _| !disconnects(s).is_empty());
    let got = received(&s);
    assert_eq!(got.len(), 50);
    assert!(
        got.iter()
            .enumerate()
            .all(|(i, (_, p))| p.data()[0] == i as u8),
        "in order"
    );
    assert_eq!(disconnects(&s), vec![(to_client, 9)]);
}

#[test]
fn disconnect_now_and_reset() {
    let (mut server, mut client, to_client, to_server) = connected(
        HostBuilder::new().bind(localhost(false)),
        HostBuilder::new(),
        1,
    );
    server.peer(to_client).unwrap().disconnect_now(3);
    assert!(
        matches!(server.peer(to_client), Err(Error::UnknownPeer)),
        "no event, stale at once"
    );
    let (s, c) = pump(&mut server, &mut client, |_, c| !disconnects(c).is_empty());
    assert_eq!(disconnects(&c), vec![(to_server, 3)]);
    assert!(disconnects(&s).is_empty());

    // A reset peer says nothing: the other side times out.
    let (mut server, mut client, to_client, to_server) = connected(
        HostBuilder::new().bind(localhost(false)),
        HostBuilder::new(),
        1,
    );
    server.peer(to_client).unwrap().set_timeout(4, 200, 400);
    client.peer(to_server).unwrap().reset();
    assert!(matches!(client.peer(to_server), Err(Error::UnknownPeer)));
    let (s, _) = pump(&mut server, &mut client, |s, _| !disconnects(s).is_empty());
    assert_eq!(disconnects(&s), vec![(to_client, 0)]);
}

#[test]
fn channel_limit_and_bandwidth_limit() {
    let mut server = HostBuilder::new()
        .bind(localhost(false))
        .channel_limit(2)
        .build()
        .unwrap();
    server.set_channel_limit(3).unwrap();
    let mut client = HostBuilder::new()
        .bandwidth(100_000, 50_000)
        .build()
        .unwrap();
    let to_server = client.connect(server.local_addr(), 8, 0).unwrap();
    let (s, _) = pump(&mut server, &mut client, |s, c| {
        !connects(s).is_empty() && !connects(c).is_empty()
    });
    let to_client = connects(&s)[0].0;
    assert_eq!(
        server.peer(to_client).unwrap().channel_count(),
        3,
        "clamped to the limit"
    );
    assert_eq!(
        client.peer(to_server).unwrap().channel_count(),
        3,
        "the client learns it"
    );
    assert_eq!(
        server.peer(to_client).unwrap().stats().remote_bandwidth,
        (100_000, 50_000)
    );
    // A new limit reaches the other side at the next throttle pass (1 s).
    client.set_bandwidth_limit(0, 20_000);
    let start = Instant::now();
    while server.peer(to_client).unwrap().stats().remote_bandwidth != (0, 20_000) {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "the new limit never arrived"
        );
        let _ = client.service(Duration::from_millis(5)).unwrap();
        let _ = server.service(Duration::from_millis(5)).unwrap();
    }
    assert!(matches!(
        server.set_channel_limit(0),
        Err(Error::InvalidConfig(_))
    ));
}

#[test]
fn misuse_returns_the_documented_errors() {
    // Bad settings.
    for builder in [
        HostBuilder::new().peer_limit(0),
        HostBuilder::new().peer_limit(5000),
        HostBuilder::new().channel_limit(0),
        HostBuilder::new().channel_limit(256),
        HostBuilder::new().mtu(100),
        HostBuilder::new().mtu(5000),
        HostBuilder::new().maximum_packet_size(0),
        HostBuilder::new().duplicate_peers(0),
    ] {
        assert!(matches!(builder.build(), Err(Error::InvalidConfig(_))));
    }
    // Binding an address in use is an I/O error.
    let taken = HostBuilder::new().bind(localhost(false)).build().unwrap();
    match HostBuilder::new().bind(taken.local_addr()).build() {
        Err(error @ Error::Io(_)) => assert!(error.to_string().contains("socket error")),
        other => panic!(
            "expected an I/O error, got {:?}",
            other.map(|h| h.local_addr())
        ),
    }

    let (mut server, mut client, to_client, to_server) = connected(
        HostBuilder::new()
            .bind(localhost(false))
            .maximum_packet_size(10_000),
        HostBuilder::new().peer_limit(1),
        2,
    );
    // Channel out of range.
    let error = client
        .peer(to_server)
        .unwrap()
        .send(2, Packet::reliable(&b"x"[..]))
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::ChannelOutOfRange {
                channel: 2,
                channel_count: 2
            }
        ),
        "{error}"
    );
    // Oversize packet.
    let error = server
        .peer(to_client)
        .unwrap()
        .send(0, Packet::reliable(vec![0; 10_001]))
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::PacketTooLarge {
                length: 10_001,
                maximum: 10_000
            }
        ),
        "{error}"
    );
    // No free slot.
    assert!(matches!(
        client.connect(server.local_addr(), 1, 0),
        Err(Error::NoFreePeerSlot)
    ));
    // Channel count out of range.
    assert!(matches!(
        server.connect(client.local_addr(), 0, 0),
        Err(Error::InvalidConfig(_))
    ));
    // IPv6 from an IPv4 socket.
    assert!(matches!(
        server.connect("[::1]:9".parse().unwrap(), 1, 0),
        Err(Error::AddressFamily(_))
    ));
    // Sending on a disconnected peer: the handle is stale.
    client.peer(to_server).unwrap().disconnect_now(0);
    assert!(matches!(client.peer(to_server), Err(Error::UnknownPeer)));
    // Still connecting: not connected.
    let connecting = client.connect(server.local_addr(), 1, 0).unwrap();
    assert!(matches!(
        client
            .peer(connecting)
            .unwrap()
            .send(0, Packet::reliable(&b"x"[..])),
        Err(Error::NotConnected)
    ));
    // Nothing is left broken: the host still connects and delivers.
    let (s, _) = pump(&mut server, &mut client, |s, c| {
        connects(c).len() == 1 && !connects(s).is_empty()
    });
    assert!(!connects(&s).is_empty());
}

#[test]
fn check_events_returns_only_queued_events() {
    let (mut server, mut client, _, to_server) = connected(
        HostBuilder::new().bind(localhost(false)),
        HostBuilder::new(),
        1,
    );
    assert!(server.check_events().is_none());
    assert!(client.check_events().is_none());
    client
        .peer(to_server)
        .unwrap()
        .send(0, Packet::reliable(&b"a"[..]))
        .unwrap();
    client
        .peer(to_server)
        .unwrap()
        .send(0, Packet::reliable(&b"b"[..]))
        .unwrap();
    client.flush().unwrap();
    let start = Instant::now();
    let first = loop {
        assert!(start.elapsed() < LIMIT);
        if let Some(event) = server.service(Duration::from_millis(5)).unwrap() {
            break event;
        }
    };
    assert!(matches!(first, Event::Receive { ref packet, .. } if packet.data() == b"a"));
    let second = server
        .check_events()
        .expect("the second packet arrived with the first");
    assert!(matches!(second, Event::Receive { ref packet, .. } if packet.data() == b"b"));
    assert_eq!(second.peer(), first.peer());
}

#[test]
fn hosts_and_packets_are_send() {
    fn is_send<T: Send>() {}
    is_send::<Host>();
    is_send::<Packet>();
    is_send::<Event>();
    // A host moved to another thread keeps working.
    let server = HostBuilder::new().bind(localhost(false)).build().unwrap();
    let address = server.local_addr();
    let thread = std::thread::spawn(move || {
        let mut server = server;
        let start = Instant::now();
        while start.elapsed() < LIMIT {
            if let Some(Event::Receive { packet, .. }) =
                server.service(Duration::from_millis(5)).unwrap()
            {
                return packet.into_vec();
            }
        }
        Vec::new()
    });
    let mut client = HostBuilder::new().build().unwrap();
    let to_server = client.connect(address, 1, 0).unwrap();
    let start = Instant::now();
    let mut sent = false;
    while !thread.is_finished() && start.elapsed() < LIMIT {
        if let Some(Event::Connect { .. }) = client.service(Duration::from_millis(5)).unwrap() {
            client
                .peer(to_server)
                .unwrap()
                .send(0, Packet::reliable(&b"moved"[..]))
                .unwrap();
            sent = true;
        }
    }
    assert!(sent);
    assert_eq!(thread.join().unwrap(), b"moved");
}
