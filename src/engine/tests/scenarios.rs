//! Scenarios, each named after the upstream behaviour it pins.

use super::sim::{Network, TestPacket};
use crate::abi::ENetPacketFlag::*;
use crate::abi::ENetPeerState::*;
use crate::engine::{Event, PacketHandle, SendError};

const RELIABLE: u32 = ENET_PACKET_FLAG_RELIABLE as u32;
const UNSEQUENCED: u32 = ENET_PACKET_FLAG_UNSEQUENCED as u32;
const UNRELIABLE_FRAGMENT: u32 = ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT as u32;

/// Payload for message `i` of a stream: its index and a length that varies.
fn message(i: u32, length: usize) -> Vec<u8> {
    let mut data = i.to_le_bytes().to_vec();
    data.extend(
        (0..length.saturating_sub(4)).map(|k| (k as u32).wrapping_mul(31).wrapping_add(i) as u8),
    );
    data.truncate(length.max(4));
    data
}

/// The packets a host received, as (channel, bytes), in arrival order.
fn received(events: &[Event<TestPacket>]) -> Vec<(u8, Vec<u8>)> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Receive {
                channel_id, packet, ..
            } => Some((*channel_id, packet.data().to_vec())),
            _ => None,
        })
        .collect()
}

fn pair() -> (Network, usize, usize) {
    let mut network = Network::new(1);
    let server = network.add_host(8, 255);
    let client = network.add_host(1, 255);
    (network, client, server)
}

#[test]
fn connect_handshake_delivers_connect_events_with_the_connect_data() {
    let (mut network, client, server) = pair();
    let (client_peer, server_peer) = network.establish(client, server, 2, 0xABCD_1234);
    let client_side = network.host(client).peer(client_peer);
    assert_eq!(client_side.state, ENET_PEER_STATE_CONNECTED as u32);
    assert_eq!(client_side.channelCount, 2);
    assert_eq!(client_side.outgoingPeerID as usize, server_peer);
    let connect_id = client_side.connectID;
    let server_side = network.host(server).peer(server_peer);
    assert_eq!(server_side.state, ENET_PEER_STATE_CONNECTED as u32);
    assert_eq!(server_side.connectID, connect_id);
    assert_eq!(server_side.outgoingPeerID as usize, client_peer);
    assert_eq!(network.host(server).raw.connectedPeers, 1);
    assert_eq!(network.host(client).raw.connectedPeers, 1);
}

#[test]
fn reliable_packets_arrive_once_and_in_order() {
    let (mut network, client, server) = pair();
    let (client_peer, _) = network.establish(client, server, 1, 0);
    let sent: Vec<Vec<u8>> = (0..200)
        .map(|i| message(i, 1 + (i as usize * 13) % 300))
        .collect();
    for data in &sent {
        network
            .host(client)
            .send(client_peer, 0, TestPacket::reliable(data))
            .unwrap();
    }
    let mut got = Vec::new();
    assert!(network.run_until(10_000, |network| {
        got.extend(received(&network.take_events(server)));
        got.len() >= sent.len()
    }));
    assert_eq!(
        got,
        sent.iter()
            .map(|data| (0, data.clone()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn every_packet_kind_works_on_255_channels() {
    let (mut network, client, server) = pair();
    let (client_peer, _) = network.establish(client, server, 255, 0);
    for channel in 0..255u8 {
        for (kind, flags) in [(0u8, RELIABLE), (1, 0), (2, UNSEQUENCED)] {
            let data = vec![channel, kind, 7];
            network
                .host(client)
                .send(client_peer, channel, TestPacket::new(&data, flags))
                .unwrap();
        }
    }
    let mut got = Vec::new();
    network.run_until(10_000, |network| {
        got.extend(received(&network.take_events(server)));
        got.len() >= 255 * 3
    });
    assert_eq!(got.len(), 255 * 3, "nothing lost on a perfect network");
    for channel in 0..255u8 {
        let on_channel: Vec<_> = got
            .iter()
            .filter(|(c, _)| *c == channel)
            .map(|(_, d)| d[1])
            .collect();
        let mut kinds = on_channel.clone();
        kinds.sort_unstable();
        assert_eq!(kinds, vec![0, 1, 2], "channel {channel}");
    }
    assert_eq!(
        network
            .host(client)
            .send(client_peer, 255, TestPacket::reliable(b"x")),
        Err(SendError::ChannelOutOfRange)
    );
}

#[test]
fn received_packet_flags_tell_the_delivery_mode() {
    let (mut network, client, server) = pair();
    let (client_peer, _) = network.establish(client, server, 1, 0);
    for flags in [RELIABLE, 0, UNSEQUENCED] {
        network
            .host(client)
            .send(client_peer, 0, TestPacket::new(&[flags as u8], flags))
            .unwrap();
        network.run(50);
        let events = network.take_events(server);
        let Some(Event::Receive { packet, .. }) =
            events.iter().find(|e| matches!(e, Event::Receive { .. }))
        else {
            panic!("packet with flags {flags} not received")
        };
        assert_eq!(packet.flags(), flags);
        assert_eq!(
            packet.reference_count(),
            0,
            "a delivered packet belongs to the application"
        );
    }
}

#[test]
fn a_one_mebibyte_reliable_packet_is_fragmented_and_reassembled() {
    let (mut network, client, server) = pair();
    let (client_peer, _) = network.establish(client, server, 1, 0);
    let big = message(99, 1 << 20);
    let packet = TestPacket::reliable(&big);
    network
        .host(client)
        .send(client_peer, 0, packet.clone())
        .unwrap();
    let fragment = network.host(client).peer(client_peer).mtu as usize - 28;
    assert_eq!(
        packet.reference_count(),
        big.len().div_ceil(fragment),
        "one reference per fragment"
    );
    let mut got = Vec::new();
    assert!(network.run_until(30_000, |network| {
        got.extend(received(&network.take_events(server)));
        !got.is_empty()
    }));
    assert_eq!(got, vec![(0, big)]);
    network.run(200);
    assert_eq!(packet.reference_count(), 0);
    assert!(
        packet.0.destroyed.get(),
        "the sender's packet is freed once every fragment is acknowledged"
    );
    assert_ne!(packet.flags() & ENET_PACKET_FLAG_SENT as u32, 0);
}

#[test]
fn unreliable_fragments_reassemble_into_an_unreliable_fragment_packet() {
    let (mut network, client, server) = pair();
    let (client_peer, _) = network.establish(client, server, 1, 0);
    let data = message(5, 5000);
    network
        .host(client)
        .send(client_peer, 0, TestPacket::new(&data, UNRELIABLE_FRAGMENT))
        .unwrap();
    network.run(100);
    let events = network.take_events(server);
    let packets: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Receive { packet, .. } => Some(packet.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(packets.len(), 1);
    assert_eq!(packets[0].data(), &data[..]);
    assert_eq!(packets[0].flags(), UNRELIABLE_FRAGMENT);
}

#[test]
fn oversized_unreliable_packets_without_the_flag_go_as_reliable_fragments() {
    let (mut network, client, server) = pair();
    let (client_peer, _) = network.establish(client, server, 1, 0);
    let data = message(6, 4000);
    network
        .host(client)
        .send(client_peer, 0, TestPacket::new(&data, 0))
        .unwrap();
    network.run(100);
    let events = network.take_events(server);
    let Some(Event::Receive { packet, .. }) =
        events.iter().find(|e| matches!(e, Event::Receive { .. }))
    else {
        panic!("not received")
    };
    assert_eq!(packet.data(), &data[..]);
    assert_eq!(
        packet.flags(),
        RELIABLE,
        "reliable fragments make a reliable packet"
    );
}

#[test]
fn graceful_disconnect_gives_the_remote_its_data_and_the_initiator_zero() {
    let (mut network, client, server) = pair();
    let (client_peer, server_peer) = network.establish(client, server, 1, 0);
    let now = network.now();
    network.host(client).disconnect(now, client_peer, 0xBEEF);
    let mut client_event = None;
    let mut server_event = None;
    network.run_until(5_000, |network| {
        for event in network.take_events(client) {
            client_event = Some(event);
        }
        for event in network.take_events(server) {
            server_event = Some(event);
        }
        client_event.is_some() && server_event.is_some()
    });
    assert_eq!(
        server_event,
        Some(Event::Disconnect {
            peer: server_peer,
            data: 0xBEEF
        })
    );
    assert_eq!(
        client_event,
        Some(Event::Disconnect {
            peer: client_peer,
            data: 0
        })
    );
    assert_eq!(
        network.host(client).peer(client_peer).state,
        ENET_PEER_STATE_DISCONNECTED as u32
    );
    assert_eq!(network.host(server).raw.connectedPeers, 0);
}

#[test]
fn disconnect_now_resets_at_once_and_the_remote_gets_the_data() {
    let (mut network, client, server) = pair();
    let (client_peer, server_peer) = network.establish(client, server, 1, 0);
    let now = network.now();
    network.host(client).disconnect_now(now, client_peer, 77);
    assert_eq!(
        network.host(client).peer(client_peer).state,
        ENET_PEER_STATE_DISCONNECTED as u32
    );
    network.transmit(client);
    network.run(100);
    assert!(
        network.take_events(client).is_empty(),
        "no event for disconnect_now"
    );
    assert_eq!(
        network.take_events(server),
        vec![Event::Disconnect {
            peer: server_peer,
            data: 77
        }]
    );
}

#[test]
fn disconnect_later_delivers_everything_queued_first() {
    let (mut network, client, server) = pair();
    let (client_peer, server_peer) = network.establish(client, server, 1, 0);
    for i in 0..50 {
        network
            .host(client)
            .send(client_peer, 0, TestPacket::reliable(&message(i, 500)))
            .unwrap();
    }
    let now = network.now();
    network.host(client).disconnect_later(now, client_peer, 5);
    assert_eq!(
        network.host(client).peer(client_peer).state,
        ENET_PEER_STATE_DISCONNECT_LATER as u32
    );
    let mut server_events = Vec::new();
    network.run_until(10_000, |network| {
        server_events.extend(network.take_events(server));
        server_events
            .iter()
            .any(|e| matches!(e, Event::Disconnect { .. }))
    });
    assert_eq!(received(&server_events).len(), 50);
    assert_eq!(
        server_events.last(),
        Some(&Event::Disconnect {
            peer: server_peer,
            data: 5
        })
    );
}

#[test]
fn a_connect_to_a_silent_address_fails_after_about_31_seconds() {
    let mut network = Network::new(3);
    let client = network.add_host(1, 1);
    let silent = network.add_host(1, 1);
    network.impairment.loss_percent = 100;
    let start = network.elapsed;
    let peer = network.connect(client, silent, 1, 0);
    let mut disconnected_at = None;
    network.run_until(40_000, |network| {
        if network
            .take_events(client)
            .contains(&Event::Disconnect { peer, data: 0 })
        {
            disconnected_at = Some(network.elapsed - start);
        }
        disconnected_at.is_some()
    });
    let at = disconnected_at.expect("the connect attempt times out");
    assert!(
        (30_000..33_000).contains(&at),
        "timed out after {at} ms (upstream: about 31.5 s)"
    );
}

#[test]
fn a_peer_that_goes_silent_times_out_with_a_disconnect_event() {
    let (mut network, client, server) = pair();
    let (_, server_peer) = network.establish(client, server, 1, 0);
    network.impairment.loss_percent = 100;
    let start = network.elapsed;
    let mut at = None;
    network.run_until(40_000, |network| {
        if network.take_events(server).contains(&Event::Disconnect {
            peer: server_peer,
            data: 0,
        }) {
            at = Some(network.elapsed - start);
        }
        at.is_some()
    });
    let at = at.expect("timeout");
    assert!((5_000..=32_000).contains(&at), "timed out after {at} ms");
}
