//! The 12 protocol commands: framing, parsing and emitting.
//!
//! Every command starts with a 4-byte header (command number and flags,
//! channel, reliable sequence number) followed by a fixed body whose size
//! depends only on the command number ([`command_size`]). Data-carrying
//! commands are followed by `data_length` payload bytes. All fields are
//! big-endian except `connect_id`, which is copied raw as upstream does.

use super::field::Writer;
use super::{Error, Result};

/// Command numbers (the low four bits of the first byte).
pub mod number {
    pub const ACKNOWLEDGE: u8 = 1;
    pub const CONNECT: u8 = 2;
    pub const VERIFY_CONNECT: u8 = 3;
    pub const DISCONNECT: u8 = 4;
    pub const PING: u8 = 5;
    pub const SEND_RELIABLE: u8 = 6;
    pub const SEND_UNRELIABLE: u8 = 7;
    pub const SEND_FRAGMENT: u8 = 8;
    pub const SEND_UNSEQUENCED: u8 = 9;
    pub const BANDWIDTH_LIMIT: u8 = 10;
    pub const THROTTLE_CONFIGURE: u8 = 11;
    pub const SEND_UNRELIABLE_FRAGMENT: u8 = 12;
    /// One past the last command number.
    pub const COUNT: u8 = 13;
    /// Mask of the number within the first byte.
    pub const MASK: u8 = 0x0F;
}

/// Flag of the first byte: the command must be acknowledged.
pub const FLAG_ACKNOWLEDGE: u8 = 0x80;
/// Flag of the first byte: the command is unsequenced.
pub const FLAG_UNSEQUENCED: u8 = 0x40;

/// Bytes of the command header common to all commands.
pub const HEADER_SIZE: usize = 4;

/// Wire size of each command (header and fixed body, without payload),
/// indexed by command number; 0 for NONE and for numbers past the last.
const SIZES: [usize; 16] = [0, 8, 48, 44, 8, 4, 6, 8, 24, 8, 12, 16, 24, 0, 0, 0];

/// Size of command number `command & 0x0F` (header and body, no payload);
/// 0 for an invalid number.
pub fn command_size(command: u8) -> usize {
    SIZES[(command & number::MASK) as usize]
}

/// The header every command starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommandHeader {
    /// Command number with the ACKNOWLEDGE/UNSEQUENCED flag bits.
    pub command: u8,
    /// Channel, or 0xFF for connection management commands.
    pub channel_id: u8,
    pub reliable_sequence_number: u16,
}

impl CommandHeader {
    /// The command number without flags.
    pub fn number(&self) -> u8 {
        self.command & number::MASK
    }

    /// Whether the sender wants an acknowledgement.
    pub fn needs_acknowledgement(&self) -> bool {
        self.command & FLAG_ACKNOWLEDGE != 0
    }
}

/// Parameters of CONNECT and VERIFY_CONNECT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConnectParameters {
    /// The sender's own index for this peer.
    pub outgoing_peer_id: u16,
    pub incoming_session_id: u8,
    pub outgoing_session_id: u8,
    pub mtu: u32,
    pub window_size: u32,
    pub channel_count: u32,
    pub incoming_bandwidth: u32,
    pub outgoing_bandwidth: u32,
    pub packet_throttle_interval: u32,
    pub packet_throttle_acceleration: u32,
    pub packet_throttle_deceleration: u32,
    /// Opaque connection identifier, copied raw (not byte-swapped).
    pub connect_id: u32,
}

/// Fields of SEND_FRAGMENT and SEND_UNRELIABLE_FRAGMENT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fragment {
    pub start_sequence_number: u16,
    pub data_length: u16,
    pub fragment_count: u32,
    pub fragment_number: u32,
    pub total_length: u32,
    pub fragment_offset: u32,
}

/// The body of one command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    Acknowledge {
        received_reliable_sequence_number: u16,
        received_sent_time: u16,
    },
    Connect {
        parameters: ConnectParameters,
        data: u32,
    },
    VerifyConnect {
        parameters: ConnectParameters,
    },
    Disconnect {
        data: u32,
    },
    Ping,
    SendReliable {
        data_length: u16,
    },
    SendUnreliable {
        unreliable_sequence_number: u16,
        data_length: u16,
    },
    SendFragment(Fragment),
    SendUnsequenced {
        unsequenced_group: u16,
        data_length: u16,
    },
    BandwidthLimit {
        incoming_bandwidth: u32,
        outgoing_bandwidth: u32,
    },
    ThrottleConfigure {
        interval: u32,
        acceleration: u32,
        deceleration: u32,
    },
    SendUnreliableFragment(Fragment),
}

impl Body {
    /// The command number of this body.
    pub fn number(&self) -> u8 {
        match self {
            Body::Acknowledge { .. } => number::ACKNOWLEDGE,
            Body::Connect { .. } => number::CONNECT,
            Body::VerifyConnect { .. } => number::VERIFY_CONNECT,
            Body::Disconnect { .. } => number::DISCONNECT,
            Body::Ping => number::PING,
            Body::SendReliable { .. } => number::SEND_RELIABLE,
            Body::SendUnreliable { .. } => number::SEND_UNRELIABLE,
            Body::SendFragment(_) => number::SEND_FRAGMENT,
            Body::SendUnsequenced { .. } => number::SEND_UNSEQUENCED,
            Body::BandwidthLimit { .. } => number::BANDWIDTH_LIMIT,
            Body::ThrottleConfigure { .. } => number::THROTTLE_CONFIGURE,
            Body::SendUnreliableFragment(_) => number::SEND_UNRELIABLE_FRAGMENT,
        }
    }

    /// Length of the payload that follows the command on the wire.
    pub fn payload_length(&self) -> usize {
        match *self {
            Body::SendReliable { data_length }
            | Body::SendUnreliable { data_length, .. }
            | Body::SendUnsequenced { data_length, .. } => data_length as usize,
            Body::SendFragment(fragment) | Body::SendUnreliableFragment(fragment) => {
                fragment.data_length as usize
            }
            _ => 0,
        }
    }
}

/// One command: its header and body (the payload travels separately).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    pub header: CommandHeader,
    pub body: Body,
}

/// A command parsed out of a datagram, with its payload and what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed<'a> {
    pub command: Command,
    /// The payload bytes (empty for commands without payload).
    pub payload: &'a [u8],
    /// The bytes after this command and its payload.
    pub rest: &'a [u8],
}

/// The first `N` bytes of `bytes` as an array (one length check, after which
/// every field read at a constant offset needs none).
#[inline(always)]
fn fixed<const N: usize>(bytes: &[u8]) -> Result<&[u8; N]> {
    bytes
        .get(..N)
        .and_then(|head| head.try_into().ok())
        .ok_or(Error::Truncated)
}

#[inline(always)]
fn be16<const N: usize>(bytes: &[u8; N], at: usize) -> u16 {
    u16::from_be_bytes([bytes[at], bytes[at + 1]])
}

#[inline(always)]
fn be32<const N: usize>(bytes: &[u8; N], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn connect_parameters<const N: usize>(bytes: &[u8; N]) -> ConnectParameters {
    ConnectParameters {
        outgoing_peer_id: be16(bytes, 4),
        incoming_session_id: bytes[6],
        outgoing_session_id: bytes[7],
        mtu: be32(bytes, 8),
        window_size: be32(bytes, 12),
        channel_count: be32(bytes, 16),
        incoming_bandwidth: be32(bytes, 20),
        outgoing_bandwidth: be32(bytes, 24),
        packet_throttle_interval: be32(bytes, 28),
        packet_throttle_acceleration: be32(bytes, 32),
        packet_throttle_deceleration: be32(bytes, 36),
        connect_id: u32::from_ne_bytes([bytes[40], bytes[41], bytes[42], bytes[43]]),
    }
}

fn fragment(bytes: &[u8; 24]) -> Fragment {
    Fragment {
        start_sequence_number: be16(bytes, 4),
        data_length: be16(bytes, 6),
        fragment_count: be32(bytes, 8),
        fragment_number: be32(bytes, 12),
        total_length: be32(bytes, 16),
        fragment_offset: be32(bytes, 20),
    }
}

impl Command {
    /// Parses the command at the start of `bytes` and its payload.
    ///
    /// Fails with [`Error::Truncated`] if fewer bytes than the command's
    /// size remain, [`Error::UnknownCommand`] for NONE or a number past the
    /// last, and [`Error::PayloadOverrun`] if the payload runs past the end.
    #[inline(always)]
    pub fn parse(bytes: &[u8]) -> Result<Parsed<'_>> {
        let command = Self::decode(bytes)?;
        let after = &bytes[command.size()..];
        let payload_length = command.body.payload_length();
        if after.len() < payload_length {
            return Err(Error::PayloadOverrun);
        }
        let (payload, rest) = after.split_at(payload_length);
        Ok(Parsed {
            command,
            payload,
            rest,
        })
    }

    /// Decodes the command at the start of `bytes` without looking for its
    /// payload (for commands stored apart from their data).
    #[inline(always)]
    pub fn decode(bytes: &[u8]) -> Result<Command> {
        let head: &[u8; HEADER_SIZE] = fixed(bytes)?;
        let first = head[0];
        let header = CommandHeader {
            command: first,
            channel_id: head[1],
            reliable_sequence_number: be16(head, 2),
        };
        // Each arm checks the length its command needs once (the sizes of
        // `SIZES`), then reads its fields at constant offsets.
        let body = match first & number::MASK {
            number::ACKNOWLEDGE => {
                let b: &[u8; 8] = fixed(bytes)?;
                Body::Acknowledge {
                    received_reliable_sequence_number: be16(b, 4),
                    received_sent_time: be16(b, 6),
                }
            }
            number::CONNECT => {
                let b: &[u8; 48] = fixed(bytes)?;
                Body::Connect {
                    parameters: connect_parameters(b),
                    data: be32(b, 44),
                }
            }
            number::VERIFY_CONNECT => {
                let b: &[u8; 44] = fixed(bytes)?;
                Body::VerifyConnect {
                    parameters: connect_parameters(b),
                }
            }
            number::DISCONNECT => Body::Disconnect {
                data: be32(fixed::<8>(bytes)?, 4),
            },
            number::PING => Body::Ping,
            number::SEND_RELIABLE => Body::SendReliable {
                data_length: be16(fixed::<6>(bytes)?, 4),
            },
            number::SEND_UNRELIABLE => {
                let b: &[u8; 8] = fixed(bytes)?;
                Body::SendUnreliable {
                    unreliable_sequence_number: be16(b, 4),
                    data_length: be16(b, 6),
                }
            }
            number::SEND_FRAGMENT => Body::SendFragment(fragment(fixed(bytes)?)),
            number::SEND_UNSEQUENCED => {
                let b: &[u8; 8] = fixed(bytes)?;
                Body::SendUnsequenced {
                    unsequenced_group: be16(b, 4),
                    data_length: be16(b, 6),
                }
            }
            number::BANDWIDTH_LIMIT => {
                let b: &[u8; 12] = fixed(bytes)?;
                Body::BandwidthLimit {
                    incoming_bandwidth: be32(b, 4),
                    outgoing_bandwidth: be32(b, 8),
                }
            }
            number::THROTTLE_CONFIGURE => {
                let b: &[u8; 16] = fixed(bytes)?;
                Body::ThrottleConfigure {
                    interval: be32(b, 4),
                    acceleration: be32(b, 8),
                    deceleration: be32(b, 12),
                }
            }
            number::SEND_UNRELIABLE_FRAGMENT => {
                Body::SendUnreliableFragment(fragment(fixed(bytes)?))
            }
            number => return Err(Error::UnknownCommand(number)),
        };
        Ok(Command { header, body })
    }

    /// Wire size of this command without its payload.
    pub fn size(&self) -> usize {
        command_size(self.body.number())
    }

    /// Encodes the command (not its payload) into the start of `out`;
    /// returns the number of bytes written. The header's command number is
    /// taken from the body; its flag bits from `header.command`.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let mut writer = Writer::new(out, self.size())?;
        writer.u8((self.header.command & !number::MASK) | self.body.number());
        writer.u8(self.header.channel_id);
        writer.u16(self.header.reliable_sequence_number);
        match self.body {
            Body::Acknowledge {
                received_reliable_sequence_number,
                received_sent_time,
            } => {
                writer.u16(received_reliable_sequence_number);
                writer.u16(received_sent_time);
            }
            Body::Connect {
                ref parameters,
                data,
            } => {
                emit_parameters(&mut writer, parameters);
                writer.u32(data);
            }
            Body::VerifyConnect { ref parameters } => emit_parameters(&mut writer, parameters),
            Body::Disconnect { data } => writer.u32(data),
            Body::Ping => {}
            Body::SendReliable { data_length } => writer.u16(data_length),
            Body::SendUnreliable {
                unreliable_sequence_number: first,
                data_length: second,
            }
            | Body::SendUnsequenced {
                unsequenced_group: first,
                data_length: second,
            } => {
                writer.u16(first);
                writer.u16(second);
            }
            Body::SendFragment(fragment) | Body::SendUnreliableFragment(fragment) => {
                writer.u16(fragment.start_sequence_number);
                writer.u16(fragment.data_length);
                writer.u32(fragment.fragment_count);
                writer.u32(fragment.fragment_number);
                writer.u32(fragment.total_length);
                writer.u32(fragment.fragment_offset);
            }
            Body::BandwidthLimit {
                incoming_bandwidth,
                outgoing_bandwidth,
            } => {
                writer.u32(incoming_bandwidth);
                writer.u32(outgoing_bandwidth);
            }
            Body::ThrottleConfigure {
                interval,
                acceleration,
                deceleration,
            } => {
                writer.u32(interval);
                writer.u32(acceleration);
                writer.u32(deceleration);
            }
        }
        Ok(writer.len())
    }
}

fn emit_parameters(writer: &mut Writer<'_>, parameters: &ConnectParameters) {
    writer.u16(parameters.outgoing_peer_id);
    writer.u8(parameters.incoming_session_id);
    writer.u8(parameters.outgoing_session_id);
    writer.u32(parameters.mtu);
    writer.u32(parameters.window_size);
    writer.u32(parameters.channel_count);
    writer.u32(parameters.incoming_bandwidth);
    writer.u32(parameters.outgoing_bandwidth);
    writer.u32(parameters.packet_throttle_interval);
    writer.u32(parameters.packet_throttle_acceleration);
    writer.u32(parameters.packet_throttle_deceleration);
    writer.u32_raw(parameters.connect_id);
}

/// Iterates over the commands of a datagram body; stops after the first
/// error (which it yields), as upstream stops parsing a datagram there.
#[derive(Debug, Clone)]
pub struct Commands<'a> {
    rest: &'a [u8],
    failed: bool,
}

impl<'a> Commands<'a> {
    /// The commands in `bytes` (a datagram after its header and checksum).
    pub fn new(bytes: &'a [u8]) -> Self {
        Commands {
            rest: bytes,
            failed: false,
        }
    }
}

impl<'a> Iterator for Commands<'a> {
    type Item = Result<(Command, &'a [u8])>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() || self.failed {
            return None;
        }
        match Command::parse(self.rest) {
            Ok(parsed) => {
                self.rest = parsed.rest;
                Some(Ok((parsed.command, parsed.payload)))
            }
            Err(error) => {
                self.failed = true;
                Some(Err(error))
            }
        }
    }
}
