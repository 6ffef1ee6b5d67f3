//! The wire codec: every command round-trips (emit then parse gives the same
//! value), documented upstream datagrams decode to their fields, and
//! malformed input is an error, never a panic.

mod common;

use common::Rng;
use enet::wire::command::{number, FLAG_ACKNOWLEDGE, FLAG_UNSEQUENCED};
use enet::wire::{
    command_size, Body, Command, CommandHeader, Commands, ConnectParameters, Error, Fragment,
    Header,
};

fn unhex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

fn random_parameters(rng: &mut Rng) -> ConnectParameters {
    ConnectParameters {
        outgoing_peer_id: rng.next() as u16,
        incoming_session_id: rng.next() as u8,
        outgoing_session_id: rng.next() as u8,
        mtu: rng.next() as u32,
        window_size: rng.next() as u32,
        channel_count: rng.next() as u32,
        incoming_bandwidth: rng.next() as u32,
        outgoing_bandwidth: rng.next() as u32,
        packet_throttle_interval: rng.next() as u32,
        packet_throttle_acceleration: rng.next() as u32,
        packet_throttle_deceleration: rng.next() as u32,
        connect_id: rng.next() as u32,
    }
}

fn random_fragment(rng: &mut Rng) -> Fragment {
    Fragment {
        start_sequence_number: rng.next() as u16,
        data_length: rng.below(64) as u16,
        fragment_count: rng.next() as u32,
        fragment_number: rng.next() as u32,
        total_length: rng.next() as u32,
        fragment_offset: rng.next() as u32,
    }
}

/// A random command with the given number and a payload length below 64.
fn random_body(rng: &mut Rng, number: u8) -> Body {
    let small = |rng: &mut Rng| rng.below(64) as u16;
    match number {
        number::ACKNOWLEDGE => Body::Acknowledge {
            received_reliable_sequence_number: rng.next() as u16,
            received_sent_time: rng.next() as u16,
        },
        number::CONNECT => Body::Connect {
            parameters: random_parameters(rng),
            data: rng.next() as u32,
        },
        number::VERIFY_CONNECT => Body::VerifyConnect {
            parameters: random_parameters(rng),
        },
        number::DISCONNECT => Body::Disconnect {
            data: rng.next() as u32,
        },
        number::PING => Body::Ping,
        number::SEND_RELIABLE => Body::SendReliable {
            data_length: small(rng),
        },
        number::SEND_UNRELIABLE => Body::SendUnreliable {
            unreliable_sequence_number: rng.next() as u16,
            data_length: small(rng),
        },
        number::SEND_FRAGMENT => Body::SendFragment(random_fragment(rng)),
        number::SEND_UNSEQUENCED => Body::SendUnsequenced {
            unsequenced_group: rng.next() as u16,
            data_length: small(rng),
        },
        number::BANDWIDTH_LIMIT => Body::BandwidthLimit {
            incoming_bandwidth: rng.next() as u32,
            outgoing_bandwidth: rng.next() as u32,
        },
        number::THROTTLE_CONFIGURE => Body::ThrottleConfigure {
            interval: rng.next() as u32,
            acceleration: rng.next() as u32,
            deceleration: rng.next() as u32,
        },
        _ => Body::SendUnreliableFragment(random_fragment(rng)),
    }
}

#[test]
fn every_command_round_trips_through_emit_and_parse() {
    let mut rng = Rng::new(11);
    for number in 1..number::COUNT {
        for _ in 0..2000 {
            let flags = [0, FLAG_ACKNOWLEDGE, FLAG_UNSEQUENCED][rng.below(3) as usize];
            let command = Command {
                header: CommandHeader {
                    command: flags | number,
                    channel_id: rng.next() as u8,
                    reliable_sequence_number: rng.next() as u16,
                },
                body: random_body(&mut rng, number),
            };
            let payload = rng.bytes(command.body.payload_length());
            let trailing_len = rng.below(8) as usize;
            let trailing = rng.bytes(trailing_len);
            let mut bytes = vec![0u8; command.size()];
            assert_eq!(command.emit(&mut bytes), Ok(command_size(number)));
            bytes.extend_from_slice(&payload);
            bytes.extend_from_slice(&trailing);
            let parsed = Command::parse(&bytes).expect("parses");
            assert_eq!(parsed.command, command);
            assert_eq!(parsed.payload, &payload[..]);
            assert_eq!(parsed.rest, &trailing[..]);
        }
    }
}

#[test]
fn command_sizes_are_upstreams() {
    let sizes: Vec<usize> = (0..16).map(command_size).collect();
    assert_eq!(
        sizes,
        [0, 8, 48, 44, 8, 4, 6, 8, 24, 8, 12, 16, 24, 0, 0, 0]
    );
    // Flag bits are ignored, as by upstream's `command & 0x0F`.
    assert_eq!(command_size(0x86), 6);
}

#[test]
fn headers_round_trip_with_and_without_sent_time() {
    let mut rng = Rng::new(5);
    for _ in 0..5000 {
        let header = Header {
            peer_id: rng.below(0x1000) as u16,
            session_id: rng.below(4) as u8,
            compressed: rng.below(2) == 1,
            sent_time: (rng.below(2) == 1).then(|| rng.next() as u16),
        };
        let mut bytes = [0u8; 4];
        let len = header.emit(&mut bytes).unwrap();
        assert_eq!(len, if header.sent_time.is_some() { 4 } else { 2 });
        assert_eq!(Header::parse(&bytes[..len]), Ok(header));
    }
}

/// Datagrams captured between two stock ENet 1.3.17 hosts (reference §4.1).
#[test]
fn documented_upstream_datagrams_decode_to_their_fields() {
    let connect = unhex("8fff 00bc 82 ff 0001 0000 ff ff 00000578 00010000 00000002 00000000 00000000 00001388 00000002 00000002 ae18b455 11223344");
    let header = Header::parse(&connect).unwrap();
    assert_eq!(
        header,
        Header {
            peer_id: 0xFFF,
            session_id: 0,
            compressed: false,
            sent_time: Some(0xBC)
        }
    );
    let mut commands = Commands::new(&connect[header.len()..]);
    let (command, payload) = commands.next().unwrap().unwrap();
    assert!(commands.next().is_none());
    assert!(payload.is_empty());
    assert_eq!(
        command.header,
        CommandHeader {
            command: 0x82,
            channel_id: 0xFF,
            reliable_sequence_number: 1
        }
    );
    let Body::Connect { parameters, data } = command.body else {
        panic!("not CONNECT: {command:?}")
    };
    assert_eq!(data, 0x1122_3344);
    assert_eq!(
        (
            parameters.outgoing_peer_id,
            parameters.incoming_session_id,
            parameters.outgoing_session_id
        ),
        (0, 0xFF, 0xFF)
    );
    assert_eq!(
        (
            parameters.mtu,
            parameters.window_size,
            parameters.channel_count
        ),
        (1400, 65536, 2)
    );
    assert_eq!(parameters.packet_throttle_interval, 5000);
    // connectID is copied raw: its wire bytes are the sender's native bytes.
    assert_eq!(
        parameters.connect_id.to_ne_bytes(),
        [0xae, 0x18, 0xb4, 0x55]
    );

    let ack_ping = unhex("8000 00bf 01 ff 0001 0001 00be 85 ff 0002");
    let header = Header::parse(&ack_ping).unwrap();
    assert_eq!(header.sent_time, Some(0xBF));
    let commands: Vec<_> = Commands::new(&ack_ping[4..]).map(Result::unwrap).collect();
    assert_eq!(commands.len(), 2);
    assert_eq!(
        commands[0].0.body,
        Body::Acknowledge {
            received_reliable_sequence_number: 1,
            received_sent_time: 0xBE
        }
    );
    assert_eq!(commands[1].0.body, Body::Ping);

    let mixed = unhex("0000 07 00 0000 0001 0002 7575 49 00 0000 0001 0002 7373");
    let header = Header::parse(&mixed).unwrap();
    assert_eq!(header.len(), 2);
    let commands: Vec<_> = Commands::new(&mixed[2..]).map(Result::unwrap).collect();
    assert_eq!(
        commands[0],
        (
            Command {
                header: CommandHeader {
                    command: 0x07,
                    channel_id: 0,
                    reliable_sequence_number: 0
                },
                body: Body::SendUnreliable {
                    unreliable_sequence_number: 1,
                    data_length: 2
                },
            },
            &b"uu"[..]
        )
    );
    assert_eq!(
        commands[1].0.body,
        Body::SendUnsequenced {
            unsequenced_group: 1,
            data_length: 2
        }
    );
    assert_eq!(commands[1].1, b"ss");

    let disconnect = unhex("8000 02b4 84 ff 0003 0000abcd");
    let (command, _) = Commands::new(&disconnect[4..]).next().unwrap().unwrap();
    assert_eq!(command.body, Body::Disconnect { data: 0xABCD });

    let compressed = unhex("cfff 45b5 837b88b1fd");
    assert_eq!(
        Header::parse(&compressed),
        Ok(Header {
            peer_id: 0xFFF,
            session_id: 0,
            compressed: true,
            sent_time: Some(0x45B5)
        })
    );

    // Each documented datagram re-emits byte for byte.
    for datagram in [&connect, &ack_ping, &mixed, &disconnect] {
        let header = Header::parse(datagram).unwrap();
        let mut out = vec![0u8; 4];
        let len = header.emit(&mut out).unwrap();
        out.truncate(len);
        for parsed in Commands::new(&datagram[header.len()..]) {
            let (command, payload) = parsed.unwrap();
            let mut bytes = vec![0u8; command.size()];
            command.emit(&mut bytes).unwrap();
            out.extend_from_slice(&bytes);
            out.extend_from_slice(payload);
        }
        assert_eq!(&out, datagram);
    }
}

#[test]
fn malformed_commands_are_errors() {
    assert_eq!(Command::parse(&[]), Err(Error::Truncated));
    assert_eq!(Command::parse(&[0x86, 0, 0]), Err(Error::Truncated));
    assert_eq!(
        Command::parse(&[0x00, 0, 0, 0]),
        Err(Error::UnknownCommand(0))
    );
    assert_eq!(
        Command::parse(&[0x0D, 0, 0, 0, 0, 0, 0, 0]),
        Err(Error::UnknownCommand(13))
    );
    assert_eq!(
        Command::parse(&[0x82, 0xFF, 0, 1, 0, 0]),
        Err(Error::Truncated)
    );
    assert_eq!(
        Command::parse(&[0x86, 0, 0, 1, 0, 5, b'a']),
        Err(Error::PayloadOverrun)
    );
    assert_eq!(Header::parse(&[0x80]), Err(Error::Truncated));
    assert_eq!(Header::parse(&[0x80, 0, 1]), Err(Error::Truncated));
    // Parsing stops after the first error.
    let mut commands = Commands::new(&[0x85, 0xFF, 0, 1, 0x00, 1, 2, 3, 0x85, 0xFF, 0, 2]);
    assert!(commands.next().unwrap().is_ok());
    assert_eq!(commands.next(), Some(Err(Error::UnknownCommand(0))));
    assert_eq!(commands.next(), None);
}

#[test]
fn random_bytes_never_panic_the_parser() {
    let mut rng = Rng::new(99);
    for _ in 0..200_000 {
        let len = rng.below(80) as usize;
        let bytes = rng.bytes(len);
        if let Ok(header) = Header::parse(&bytes) {
            let body = bytes.get(header.len()..).unwrap_or(&[]);
            for (command, payload) in Commands::new(body).map_while(Result::ok) {
                assert_eq!(payload.len(), command.body.payload_length());
            }
        }
    }
}
