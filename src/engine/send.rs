//! The send pass: acknowledgements, retransmission timeouts, outgoing
//! commands and pings, assembled into datagrams (upstream's
//! `enet_protocol_send_outgoing_commands` and its helpers).

use super::commands::Outgoing;
use super::hooks::{Hooks, PacketHandle};
use super::host::{Datagram, Host, QUEUE_POOL_SWEEP_INTERVAL};
use super::peer::is;
use super::time;
use crate::abi::ENetPeerState::*;
use crate::abi::*;
use crate::wire::command::number;
use crate::wire::header::NO_PEER;
use crate::wire::{checksum, command_size, Body, Command, CommandHeader, Header};

/// Room counted for the datagram header when filling a datagram (upstream
/// always counts the 4-byte form).
const HEADER_ROOM: usize = 4;
const ACKNOWLEDGE_SIZE: usize = 8;
/// The largest command (CONNECT), without payload.
const MAXIMUM_COMMAND_SIZE: usize = 48;
const CONTINUE_SENDING: u16 = ENetPeerFlag::ENET_PEER_FLAG_CONTINUE_SENDING as u16;

/// A datagram being filled for one peer.
struct Assembly {
    body: Vec<u8>,
    commands: usize,
    /// Scatter/gather entries upstream would use (header, command, payload).
    buffers: usize,
    /// Bytes counted against the MTU.
    size: usize,
    sent_time: bool,
}

impl Assembly {
    fn new(body: Vec<u8>) -> Self {
        Assembly {
            body,
            commands: 0,
            buffers: 1,
            size: HEADER_ROOM,
            sent_time: false,
        }
    }

    #[inline]
    fn push(&mut self, command: &Command, payload: &[u8]) {
        // Encoded on the stack (a command is at most 48 bytes), then
        // appended: cheaper than zero-filling the datagram's room first.
        let mut encoded = [0u8; MAXIMUM_COMMAND_SIZE];
        // The array holds any command, so emitting cannot fail.
        let size = command.emit(&mut encoded).unwrap_or(0);
        self.body.extend_from_slice(&encoded[..size]);
        self.body.extend_from_slice(payload);
        self.size += size + payload.len();
        self.commands += 1;
        self.buffers += if payload.is_empty() { 1 } else { 2 };
    }
}

impl<H: Hooks> Host<H> {
    /// Sends what is queued for every peer with work due, without checking
    /// retransmission timeouts (`enet_host_flush`).
    pub fn flush(&mut self, now: u32) {
        self.send_pass(now, false);
    }

    /// One service step: the bandwidth throttle when due, retransmission
    /// timeouts, and sending (the sending half of `enet_host_service`).
    pub fn service_send(&mut self, now: u32) {
        self.raw.serviceTime = now;
        if time::difference(now, self.raw.bandwidthThrottleEpoch)
            >= ENET_HOST_BANDWIDTH_THROTTLE_INTERVAL
        {
            self.bandwidth_throttle(now);
        }
        self.send_pass(now, true);
        if time::difference(now, self.queue_pool.last_sweep) >= QUEUE_POOL_SWEEP_INTERVAL {
            self.queue_pool.sweep(now);
        }
    }

    fn send_pass(&mut self, now: u32, check_timeouts: bool) {
        self.raw.serviceTime = now;
        let mut due = std::mem::take(&mut self.due);
        self.scheduler.due_peers(now, &mut due);
        let mut offer_early = true;
        while !due.is_empty() {
            let mut again = Vec::new();
            for &index in &due {
                let peer = &mut self.peers[index];
                if is(peer, ENET_PEER_STATE_DISCONNECTED) || is(peer, ENET_PEER_STATE_ZOMBIE) {
                    continue;
                }
                peer.flags &= !CONTINUE_SENDING;
                self.send_to_peer(index, now, check_timeouts);
                self.sides[index].trim(false, &mut self.queue_pool);
                if self.peers[index].flags & CONTINUE_SENDING != 0 {
                    again.push(index);
                }
                self.schedule(index, now);
                if offer_early && self.outbox.len() >= super::host::EARLY_SEND_BATCH {
                    offer_early = self.offer_outbox();
                }
            }
            due.clear();
            due.append(&mut again);
        }
        self.due = due;
    }

    /// Re-arms a peer's timer from its state: its oldest unacknowledged
    /// command's timeout, or its next ping.
    pub(crate) fn schedule(&mut self, index: usize, now: u32) {
        let peer = &self.peers[index];
        let side = &self.sides[index];
        let due = if is(peer, ENET_PEER_STATE_DISCONNECTED) || is(peer, ENET_PEER_STATE_ZOMBIE) {
            None
        } else if side.has_sent_reliable() {
            Some(peer.nextTimeout)
        } else if is(peer, ENET_PEER_STATE_CONNECTED) {
            Some(peer.lastReceiveTime.wrapping_add(peer.pingInterval))
        } else {
            None
        };
        self.scheduler.set_timer(index, now, due);
    }

    fn send_to_peer(&mut self, index: usize, now: u32, check_timeouts: bool) {
        let mut assembly = Assembly::new(self.take_buffer());
        if self.sides[index]
            .queues
            .as_ref()
            .is_some_and(|queues| !queues.acknowledgements.is_empty())
        {
            self.send_acknowledgements(index, &mut assembly);
        }
        let peer = &self.peers[index];
        if check_timeouts
            && self.sides[index].has_sent_reliable()
            && time::greater_equal(now, peer.nextTimeout)
            && self.check_timeouts(index, now)
        {
            self.give_buffer(assembly.body);
            return;
        }
        let idle = !self.sides[index].has_unsent();
        let can_ping = idle || self.send_outgoing_commands(index, now, &mut assembly);
        let peer = &self.peers[index];
        if can_ping
            && !self.sides[index].has_sent_reliable()
            && time::difference(now, peer.lastReceiveTime) >= peer.pingInterval
            && (peer.mtu as usize).saturating_sub(assembly.size) >= command_size(number::PING)
        {
            // Quiet for a ping interval: queues a burst left behind go, and
            // the ping gets small ones.
            self.sides[index].trim(true, &mut self.queue_pool);
            self.ping(index);
            self.send_outgoing_commands(index, now, &mut assembly);
        }
        if assembly.commands == 0 {
            self.give_buffer(assembly.body);
            return;
        }
        self.update_packet_loss(index, now);
        self.finish_datagram(index, now, assembly);
    }

    /// Every packet-loss interval, folds the counters into `packetLoss`.
    fn update_packet_loss(&mut self, index: usize, now: u32) {
        let peer = &mut self.peers[index];
        if peer.packetLossEpoch == 0 {
            peer.packetLossEpoch = now;
        } else if time::difference(now, peer.packetLossEpoch) >= ENET_PEER_PACKET_LOSS_INTERVAL
            && peer.packetsSent > 0
        {
            let loss = (peer.packetsLost as u64 * ENET_PEER_PACKET_LOSS_SCALE as u64
                / peer.packetsSent as u64) as u32;
            let deviation = loss.abs_diff(peer.packetLoss);
            peer.packetLossVariance = (peer
                .packetLossVariance
                .wrapping_mul(3)
                .wrapping_add(deviation))
                / 4;
            peer.packetLoss = (peer.packetLoss.wrapping_mul(7).wrapping_add(loss)) / 8;
            peer.packetLossEpoch = now;
            peer.packetsSent = 0;
            peer.packetsLost = 0;
        }
    }

    /// Adds header, checksum and compression, and puts the datagram in the outbox.
    fn finish_datagram(&mut self, index: usize, now: u32, assembly: Assembly) {
        let peer = &self.peers[index];
        let (outgoing_peer_id, connect_id) = (peer.outgoingPeerID, peer.connectID);
        let known = (outgoing_peer_id as u32) < ENET_PROTOCOL_MAXIMUM_PEER_ID;
        let mut header = Header {
            peer_id: if known { outgoing_peer_id } else { NO_PEER },
            session_id: if known { peer.outgoingSessionID & 3 } else { 0 },
            compressed: false,
            sent_time: assembly.sent_time.then_some(now as u16),
        };
        let body = assembly.body;
        let mut compressed = self.take_buffer();
        if self.hooks.compression_enabled(&self.raw) {
            compressed.resize(body.len(), 0);
            match self.hooks.compress(&self.raw, &[&body], &mut compressed) {
                Some(size) if size > 0 && size < body.len() => {
                    compressed.truncate(size);
                    header.compressed = true;
                }
                _ => compressed.clear(),
            }
        }
        let mut bytes = self.take_buffer();
        bytes.resize(header.len(), 0);
        let _ = header.emit(&mut bytes);
        if self.hooks.checksum_enabled(&self.raw) {
            let seed = checksum::seed(outgoing_peer_id, connect_id);
            bytes.extend_from_slice(&seed.to_ne_bytes());
            let sum = self.hooks.checksum(&self.raw, &[&bytes, &body]);
            let _ = checksum::write_slot(&mut bytes, header.len(), sum);
        }
        bytes.extend_from_slice(if header.compressed {
            &compressed
        } else {
            &body
        });
        self.give_buffer(body);
        self.give_buffer(compressed);
        let peer = &mut self.peers[index];
        peer.lastSendTime = now;
        self.raw.totalSentData = self.raw.totalSentData.wrapping_add(bytes.len() as u32);
        self.raw.totalSentPackets = self.raw.totalSentPackets.wrapping_add(1);
        if let Some(address) = self.sides[index].address {
            self.outbox.push_back(Datagram { address, bytes });
        }
    }

    fn send_acknowledgements(&mut self, index: usize, assembly: &mut Assembly) {
        let mtu = self.peers[index].mtu as usize;
        while let Some(queues) = self.sides[index].queues.as_deref_mut() {
            if queues.acknowledgements.is_empty() {
                break;
            }
            if assembly.commands >= ENET_PROTOCOL_MAXIMUM_PACKET_COMMANDS
                || assembly.buffers >= ENET_BUFFER_MAXIMUM
                || mtu.saturating_sub(assembly.size) < ACKNOWLEDGE_SIZE
            {
                self.peers[index].flags |= CONTINUE_SENDING;
                break;
            }
            let Some(acknowledgement) = queues.acknowledgements.pop_front() else {
                break;
            };
            let sequence = acknowledgement.header.reliable_sequence_number;
            let ack = Command {
                header: CommandHeader {
                    command: number::ACKNOWLEDGE,
                    channel_id: acknowledgement.header.channel_id,
                    reliable_sequence_number: sequence,
                },
                body: Body::Acknowledge {
                    received_reliable_sequence_number: sequence,
                    received_sent_time: acknowledgement.sent_time,
                },
            };
            assembly.push(&ack, &[]);
            if acknowledgement.header.number() == number::DISCONNECT {
                self.dispatch_state(index, ENET_PEER_STATE_ZOMBIE);
            }
        }
    }

    /// Requeues timed-out reliable commands; returns true if the peer timed
    /// out altogether (a DISCONNECT event is then queued).
    fn check_timeouts(&mut self, index: usize, now: u32) -> bool {
        let mut position = 0;
        while let Some(side) = self.sides[index]
            .queues
            .as_deref_mut()
            .filter(|queues| position < queues.sent_reliable.len())
        {
            let peer = &mut self.peers[index];
            let command = &side.sent_reliable[position];
            if time::difference(now, command.sent_time) < command.round_trip_timeout {
                position += 1;
                continue;
            }
            if peer.earliestTimeout == 0 || time::less(command.sent_time, peer.earliestTimeout) {
                peer.earliestTimeout = command.sent_time;
            }
            let waited = time::difference(now, peer.earliestTimeout);
            let backoff = 1u32
                .checked_shl(command.send_attempts.saturating_sub(1) as u32)
                .unwrap_or(u32::MAX);
            if peer.earliestTimeout != 0
                && (waited >= peer.timeoutMaximum
                    || (backoff >= peer.timeoutLimit && waited >= peer.timeoutMinimum))
            {
                self.notify_disconnect(index);
                return true;
            }
            peer.packetsLost = peer.packetsLost.wrapping_add(1);
            let Some(mut command) = side.sent_reliable.remove(position) else {
                break;
            };
            command.round_trip_timeout = command.round_trip_timeout.wrapping_mul(2);
            if command.packet.is_some() {
                peer.reliableDataInTransit = peer
                    .reliableDataInTransit
                    .saturating_sub(command.fragment_length as u32);
                side.outgoing_reliable.push_front(command);
            } else {
                side.outgoing.push_front(command);
            }
            if position == 0 {
                if let Some(oldest) = side.sent_reliable.front() {
                    peer.nextTimeout = oldest.sent_time.wrapping_add(oldest.round_trip_timeout);
                }
            }
        }
        false
    }

    /// Moves outgoing commands into the datagram; returns whether a ping may
    /// still be added (nothing reliable went out).
    fn send_outgoing_commands(&mut self, index: usize, now: u32, assembly: &mut Assembly) -> bool {
        let mut general = 0;
        let mut reliable = 0;
        let mut reliable_blocked = false;
        let mut window_wrap = false;
        let mut can_ping = true;
        loop {
            let side = &self.sides[index];
            let Some(queues) = side.queues.as_deref() else {
                break;
            };
            let from_reliable = if general < queues.outgoing.len() {
                !reliable_blocked
                    && reliable < queues.outgoing_reliable.len()
                    && time::less(
                        queues.outgoing_reliable[reliable].queue_time,
                        queues.outgoing[general].queue_time,
                    )
            } else if !reliable_blocked && reliable < queues.outgoing_reliable.len() {
                true
            } else {
                break;
            };
            let position = if from_reliable { reliable } else { general };
            let command = if from_reliable {
                &queues.outgoing_reliable[position]
            } else {
                &queues.outgoing[position]
            };
            let peer = &self.peers[index];
            let channel_id = command.channel_id() as usize;
            let window =
                (command.reliable_sequence_number as u32 / ENET_PEER_RELIABLE_WINDOW_SIZE) as usize;
            if command.is_reliable() {
                if channel_id < peer.channelCount {
                    let channel = &side.channels[channel_id];
                    if window_wrap {
                        skip(from_reliable, &mut reliable, &mut general);
                        continue;
                    }
                    let free_mask = (1u32 << (ENET_PEER_FREE_RELIABLE_WINDOWS + 2)) - 1;
                    let used = (free_mask << window)
                        | (free_mask >> (ENET_PEER_RELIABLE_WINDOWS - window));
                    if command.send_attempts < 1
                        && command.reliable_sequence_number as u32 % ENET_PEER_RELIABLE_WINDOW_SIZE
                            == 0
                        && (channel.reliableWindows
                            [(window + ENET_PEER_RELIABLE_WINDOWS - 1) % ENET_PEER_RELIABLE_WINDOWS]
                            as u32
                            >= ENET_PEER_RELIABLE_WINDOW_SIZE
                            || channel.usedReliableWindows as u32 & used != 0)
                    {
                        window_wrap = true;
                        reliable_blocked = true;
                        skip(from_reliable, &mut reliable, &mut general);
                        continue;
                    }
                }
                if command.packet.is_some() {
                    let window_size = (peer.packetThrottle as u64 * peer.windowSize as u64
                        / ENET_PEER_PACKET_THROTTLE_SCALE as u64)
                        as u32;
                    if peer
                        .reliableDataInTransit
                        .saturating_add(command.fragment_length as u32)
                        > window_size.max(peer.mtu)
                    {
                        reliable_blocked = true;
                        skip(from_reliable, &mut reliable, &mut general);
                        continue;
                    }
                }
                can_ping = false;
            }
            let size = command.command.size();
            let room = (peer.mtu as usize).saturating_sub(assembly.size);
            if assembly.commands >= ENET_PROTOCOL_MAXIMUM_PACKET_COMMANDS
                || assembly.buffers + 1 >= ENET_BUFFER_MAXIMUM
                || room < size
                || (command.packet.is_some() && room < size + command.fragment_length as usize)
            {
                self.peers[index].flags |= CONTINUE_SENDING;
                break;
            }
            let side = &mut self.sides[index];
            let Some(queues) = side.queues.as_deref_mut() else {
                break;
            };
            let queue = if from_reliable {
                &mut queues.outgoing_reliable
            } else {
                &mut queues.outgoing
            };
            let taken = if position == 0 {
                queue.pop_front()
            } else {
                queue.remove(position)
            };
            let Some(command) = taken else {
                break;
            };
            let peer = &mut self.peers[index];
            if command.is_reliable() {
                let first_in_flight = queues.sent_reliable.is_empty();
                // Moved to its new queue unchanged, then updated there: a
                // command changed field by field and then moved as a whole
                // stalls the processor (its wide loads cannot be served from
                // the narrow stores still in flight).
                self.queue_pool
                    .outgoing
                    .push_back(&mut queues.sent_reliable, command);
                let Some(command) = queues.sent_reliable.back_mut() else {
                    break;
                };
                if channel_id < peer.channelCount && command.send_attempts < 1 {
                    let channel = &mut side.channels[channel_id];
                    channel.usedReliableWindows |= 1 << window;
                    channel.reliableWindows[window] += 1;
                }
                command.send_attempts += 1;
                if command.round_trip_timeout == 0 {
                    command.round_trip_timeout = peer
                        .roundTripTime
                        .wrapping_add(peer.roundTripTimeVariance.wrapping_mul(4));
                }
                if first_in_flight {
                    peer.nextTimeout = now.wrapping_add(command.round_trip_timeout);
                }
                command.sent_time = now;
                assembly.sent_time = true;
                peer.reliableDataInTransit = peer
                    .reliableDataInTransit
                    .wrapping_add(command.fragment_length as u32);
                assembly.push(&command.command, payload(command));
                peer.packetsSent = peer.packetsSent.wrapping_add(1);
                continue;
            }
            if command.packet.is_some() && command.fragment_offset == 0 {
                peer.packetThrottleCounter = (peer.packetThrottleCounter
                    + ENET_PEER_PACKET_THROTTLE_COUNTER)
                    % ENET_PEER_PACKET_THROTTLE_SCALE;
                if peer.packetThrottleCounter > peer.packetThrottle {
                    // Throttled: drop this packet and the rest of its fragments.
                    let (sequence, unreliable) = (
                        command.reliable_sequence_number,
                        command.unreliable_sequence_number,
                    );
                    release(command);
                    while !from_reliable
                        && queues.outgoing.get(general).is_some_and(|next| {
                            next.reliable_sequence_number == sequence
                                && next.unreliable_sequence_number == unreliable
                        })
                    {
                        if let Some(next) = queues.outgoing.remove(general) {
                            release(next);
                        }
                    }
                    continue;
                }
            }
            assembly.push(&command.command, payload(&command));
            peer.packetsSent = peer.packetsSent.wrapping_add(1);
            if let Some(packet) = command.packet {
                packet.release(true);
            }
        }
        if is(&self.peers[index], ENET_PEER_STATE_DISCONNECT_LATER)
            && !self.has_outgoing_commands(index)
        {
            let data = self.peers[index].eventData;
            self.disconnect(now, index, data);
        }
        can_ping
    }
}

/// Advances the cursor of the queue a skipped command came from.
fn skip(from_reliable: bool, reliable: &mut usize, general: &mut usize) {
    if from_reliable {
        *reliable += 1;
    } else {
        *general += 1;
    }
}

/// The payload bytes a command carries.
fn payload<P: PacketHandle>(command: &Outgoing<P>) -> &[u8] {
    match &command.packet {
        Some(packet) => {
            let start = command.fragment_offset as usize;
            let end = start + command.fragment_length as usize;
            packet.data().get(start..end).unwrap_or(&[])
        }
        None => &[],
    }
}

/// Drops an unsent command, releasing its packet reference.
fn release<P: PacketHandle>(command: Outgoing<P>) {
    if let Some(packet) = command.packet {
        packet.release(false);
    }
}
