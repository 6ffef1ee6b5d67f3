//! Golden vectors: real datagrams exchanged by two hosts of the reference
//! library (tests/golden/datagrams.txt, made by tests/golden/regenerate.sh),
//! plain, with CRC32 checksums and with the range coder. Our codec decodes
//! each to the fields the capture program sent, and re-encodes each byte for
//! byte (checksum and compression included).

use enet::wire::checksum;
use enet::wire::crc32::Crc32;
use enet::wire::range_coder::{self, EMPTY_TABLE};
use enet::wire::{Body, Command, Commands, Header};

struct Datagram {
    mode: String,
    direction: String,
    label: String,
    bytes: Vec<u8>,
}

fn load() -> Vec<Datagram> {
    let text = include_str!("golden/datagrams.txt");
    text.lines()
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(fields.len(), 4, "malformed line: {line}");
            let bytes = (0..fields[3].len() / 2)
                .map(|i| u8::from_str_radix(&fields[3][2 * i..2 * i + 2], 16).unwrap())
                .collect();
            Datagram {
                mode: fields[0].into(),
                direction: fields[1].into(),
                label: fields[2].into(),
                bytes,
            }
        })
        .collect()
}

fn enet_crc32(bytes: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(bytes);
    crc.enet_value()
}

/// A decoded datagram: header and its commands with payloads.
struct Decoded {
    header: Header,
    commands: Vec<(Command, Vec<u8>)>,
}

/// Decodes `datagram`; for the crc32 mode verifies the checksum with the
/// seed rule (connect ID of the connection, 0 before the peer has an ID).
fn decode(datagram: &Datagram, connect_id: u32) -> Decoded {
    let header = Header::parse(&datagram.bytes).expect("header");
    let mut body_start = header.len();
    if datagram.mode == "crc32" {
        let seed = checksum::seed(header.peer_id, connect_id);
        let mut copy = datagram.bytes.clone();
        assert!(
            checksum::verify(&mut copy, header.len(), seed, enet_crc32).unwrap(),
            "checksum of {} {}",
            datagram.direction,
            datagram.label
        );
        body_start += 4;
    }
    let body = if header.compressed {
        let mut table = Box::new(EMPTY_TABLE);
        let mut out = vec![0u8; 4096];
        let len = range_coder::decompress(&mut table, &datagram.bytes[body_start..], &mut out)
            .expect("decompresses");
        out.truncate(len);
        out
    } else {
        datagram.bytes[body_start..].to_vec()
    };
    let commands = Commands::new(&body)
        .map(|parsed| {
            let (command, payload) = parsed.expect("command parses");
            (command, payload.to_vec())
        })
        .collect();
    Decoded { header, commands }
}

/// Re-encodes a decoded datagram the way the sender built it.
fn encode(decoded: &Decoded, mode: &str, connect_id: u32) -> Vec<u8> {
    let mut commands = Vec::new();
    for (command, payload) in &decoded.commands {
        let mut bytes = vec![0u8; command.size()];
        command.emit(&mut bytes).unwrap();
        commands.extend_from_slice(&bytes);
        commands.extend_from_slice(payload);
    }
    let mut out = vec![0u8; 4];
    let len = decoded.header.emit(&mut out).unwrap();
    out.truncate(len);
    if mode == "crc32" {
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&commands);
        checksum::write_slot(
            &mut out,
            len,
            checksum::seed(decoded.header.peer_id, connect_id),
        )
        .unwrap();
        let sum = enet_crc32(&out);
        checksum::write_slot(&mut out, len, sum).unwrap();
    } else if decoded.header.compressed {
        let mut table = Box::new(EMPTY_TABLE);
        let mut compressed = vec![0u8; commands.len()];
        let size = range_coder::compress(&mut table, [&commands[..]], &mut compressed)
            .expect("compresses");
        out.extend_from_slice(&compressed[..size]);
    } else {
        out.extend_from_slice(&commands);
    }
    out
}

#[test]
fn every_captured_datagram_decodes_and_reencodes_byte_for_byte() {
    let datagrams = load();
    assert!(
        datagrams.len() >= 60,
        "the capture covers the scenario in three modes"
    );
    for mode in ["plain", "crc32", "rangecoder"] {
        let in_mode: Vec<&Datagram> = datagrams.iter().filter(|d| d.mode == mode).collect();
        // The connection's ID comes from the client's CONNECT.
        let first = decode(in_mode[0], 0);
        let Body::Connect { parameters, data } = first.commands[0].0.body else {
            panic!("{mode}: first is CONNECT")
        };
        assert_eq!(data, 0x1122_3344);
        assert_eq!(parameters.channel_count, 2);
        let connect_id = parameters.connect_id;

        let mut seen = Vec::new();
        let mut compressed = 0;
        for datagram in &in_mode {
            let decoded = decode(datagram, connect_id);
            compressed += decoded.header.compressed as usize;
            assert_eq!(
                encode(&decoded, mode, connect_id),
                datagram.bytes,
                "{mode} {} {}",
                datagram.direction,
                datagram.label
            );
            for (command, payload) in decoded.commands {
                seen.push((
                    datagram.direction.clone(),
                    datagram.label.clone(),
                    command,
                    payload,
                ));
            }
        }
        if mode == "rangecoder" {
            assert!(
                compressed >= 3,
                "some datagrams were compressed ({compressed})"
            );
        }
        check_scenario(mode, &seen);
    }
}

/// The commands the capture program caused, with the values it used.
fn check_scenario(mode: &str, seen: &[(String, String, Command, Vec<u8>)]) {
    let c2s = |label: &str| -> Vec<(Command, Vec<u8>)> {
        seen.iter()
            .filter(|(d, l, _, _)| d == "c2s" && l == label)
            .map(|(_, _, c, p)| (*c, p.clone()))
            .collect()
    };
    let has = |label: &str, predicate: &dyn Fn(&Command, &[u8]) -> bool| {
        assert!(
            c2s(label).iter().any(|(c, p)| predicate(c, p)),
            "{mode}: {label} command missing: {:?}",
            c2s(label)
        );
    };
    assert!(seen
        .iter()
        .any(|(d, _, c, _)| d == "s2c" && matches!(c.body, Body::VerifyConnect { .. })));
    has("reliable", &|c, p| {
        matches!(c.body, Body::SendReliable { data_length: 2 })
            && c.header.channel_id == 1
            && p == b"hi"
    });
    has("unreliable", &|c, p| {
        matches!(c.body, Body::SendUnreliable { data_length: 2, .. }) && p == b"uu"
    });
    has("unreliable", &|c, p| {
        matches!(c.body, Body::SendUnsequenced { data_length: 2, .. }) && p == b"ss"
    });
    let fragments: Vec<_> = c2s("fragments")
        .into_iter()
        .filter_map(|(c, p)| match c.body {
            Body::SendFragment(f) => Some((f, p)),
            _ => None,
        })
        .collect();
    assert_eq!(
        fragments.len(),
        3,
        "{mode}: 3000 bytes in 3 reliable fragments"
    );
    let mut offset = 0;
    for (number, (fragment, payload)) in fragments.iter().enumerate() {
        assert_eq!(
            (
                fragment.fragment_count,
                fragment.fragment_number,
                fragment.total_length
            ),
            (3, number as u32, 3000)
        );
        assert_eq!(fragment.fragment_offset, offset);
        assert!(payload.iter().all(|&b| b == b'f'));
        offset += payload.len() as u32;
    }
    assert_eq!(offset, 3000);
    let unreliable_fragments: Vec<_> = c2s("unreliablefragments")
        .into_iter()
        .filter(|(c, _)| matches!(c.body, Body::SendUnreliableFragment(_)))
        .collect();
    assert_eq!(
        unreliable_fragments.len(),
        2,
        "{mode}: 2500 bytes in 2 unreliable fragments"
    );
    assert!(unreliable_fragments
        .iter()
        .all(|(_, p)| p.iter().all(|&b| b == b'g')));
    has("ping", &|c, _| c.body == Body::Ping);
    has("throttle", &|c, _| {
        c.body
            == Body::ThrottleConfigure {
                interval: 3000,
                acceleration: 3,
                deceleration: 4,
            }
    });
    has("bandwidth", &|c, _| {
        matches!(
            c.body,
            Body::BandwidthLimit {
                outgoing_bandwidth: 200_000,
                ..
            }
        )
    });
    has("disconnect", &|c, _| {
        c.body == Body::Disconnect { data: 0xABCD }
    });
}
