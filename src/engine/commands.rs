//! Queue elements: commands waiting to be sent or acknowledged, commands
//! received and waiting to be delivered, acknowledgements to send.

use super::hooks::PacketHandle;
use crate::wire::{Body, Command, CommandHeader};

/// A command queued for sending (upstream's `ENetOutgoingCommand`).
#[derive(Debug, Clone)]
pub(crate) struct Outgoing<P> {
    pub command: Command,
    pub reliable_sequence_number: u16,
    pub unreliable_sequence_number: u16,
    pub sent_time: u32,
    pub round_trip_timeout: u32,
    /// Order of queueing across the peer's two outgoing queues.
    pub queue_time: u32,
    pub fragment_offset: u32,
    pub fragment_length: u16,
    pub send_attempts: u16,
    pub packet: Option<P>,
}

impl<P> Outgoing<P> {
    pub fn is_reliable(&self) -> bool {
        self.command.header.needs_acknowledgement()
    }

    pub fn channel_id(&self) -> u8 {
        self.command.header.channel_id
    }
}

/// A received command waiting in a channel queue or for the application
/// (upstream's `ENetIncomingCommand`).
#[derive(Debug, Clone)]
pub(crate) struct Incoming<P> {
    pub reliable_sequence_number: u16,
    pub unreliable_sequence_number: u16,
    /// Command number (without flags), as received.
    pub number: u8,
    pub channel_id: u8,
    pub fragment_count: u32,
    pub fragments_remaining: u32,
    /// One bit per fragment already received (fragmented packets only).
    pub fragments: Vec<u32>,
    pub payload: Payload<P>,
}

/// The data of a received command: a packet, or a fragmented packet still
/// being reassembled (it becomes a packet when its last fragment arrives).
#[derive(Debug, Clone)]
pub(crate) enum Payload<P> {
    Packet(P),
    Assembling { buffer: Vec<u8>, flags: u32 },
}

impl<P: PacketHandle> Payload<P> {
    pub fn len(&self) -> usize {
        match self {
            Payload::Packet(packet) => packet.len(),
            Payload::Assembling { buffer, .. } => buffer.len(),
        }
    }

    /// Drops the queue's hold on the data.
    pub fn release(self) {
        if let Payload::Packet(packet) = self {
            packet.release(false);
        }
    }
}

/// An acknowledgement to send: the acknowledged command's header and the
/// sent time from the datagram that carried it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Acknowledgement {
    pub header: CommandHeader,
    pub sent_time: u16,
}

/// Builds a command from a header (flags + number taken from the body) and body.
pub(crate) fn command(flags: u8, channel_id: u8, body: Body) -> Command {
    Command {
        header: CommandHeader {
            command: flags | body.number(),
            channel_id,
            reliable_sequence_number: 0,
        },
        body,
    }
}
