//! Peer operations: reset, state changes, queueing outgoing commands,
//! sending and receiving packets, ping, timeouts, throttle, disconnects.

use super::commands::{command, Incoming, Outgoing, Payload};
use super::hooks::{Hooks, PacketHandle};
use super::host::{Host, CONTROL_CHANNEL};
use crate::abi::ENetPeerState::*;
use crate::abi::*;
use crate::wire::command::{FLAG_ACKNOWLEDGE, FLAG_UNSEQUENCED};
use crate::wire::{command_size, Body, Command, Fragment};

/// Why [`Host::send`] refused a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    /// The peer is not connected.
    NotConnected,
    /// The channel does not exist on this connection.
    ChannelOutOfRange,
    /// The packet is larger than `host->maximumPacketSize`.
    TooLarge,
    /// The packet would need more than 2^20 fragments.
    TooManyFragments,
}

impl core::fmt::Display for SendError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            SendError::NotConnected => "peer is not connected",
            SendError::ChannelOutOfRange => "channel out of range",
            SendError::TooLarge => "packet larger than the host's maximum packet size",
            SendError::TooManyFragments => "packet needs too many fragments",
        })
    }
}

impl std::error::Error for SendError {}

pub(crate) fn is(peer: &ENetPeer, state: ENetPeerState) -> bool {
    peer.state == state as u32
}

impl<H: Hooks> Host<H> {
    /// Peer `index`'s connection state as a number (`ENetPeerState`).
    pub fn peer_state(&self, index: usize) -> u32 {
        self.peers[index].state
    }

    /// Whether peer `index` is connected.
    pub(crate) fn is_connected(&self, index: usize) -> bool {
        let peer = &self.peers[index];
        is(peer, ENET_PEER_STATE_CONNECTED) || is(peer, ENET_PEER_STATE_DISCONNECT_LATER)
    }

    /// Counts a peer entering a connected state in the host's totals.
    pub fn on_connect(&mut self, index: usize) {
        if !self.is_connected(index) {
            if self.peers[index].incomingBandwidth != 0 {
                self.raw.bandwidthLimitedPeers += 1;
            }
            self.raw.connectedPeers += 1;
        }
    }

    /// Counts a peer leaving a connected state in the host's totals.
    pub fn on_disconnect(&mut self, index: usize) {
        if self.is_connected(index) {
            if self.peers[index].incomingBandwidth != 0 {
                self.raw.bandwidthLimitedPeers = self.raw.bandwidthLimitedPeers.saturating_sub(1);
            }
            self.raw.connectedPeers = self.raw.connectedPeers.saturating_sub(1);
        }
    }

    /// Changes a peer's state, keeping the connected-peer counts right.
    pub(crate) fn change_state(&mut self, index: usize, state: ENetPeerState) {
        if state == ENET_PEER_STATE_CONNECTED || state == ENET_PEER_STATE_DISCONNECT_LATER {
            self.on_connect(index);
        } else {
            self.on_disconnect(index);
        }
        self.peers[index].state = state as u32;
    }

    /// Changes a peer's state and queues it for event dispatch.
    pub(crate) fn dispatch_state(&mut self, index: usize, state: ENetPeerState) {
        self.change_state(index, state);
        self.queue_for_dispatch(index);
    }

    /// Puts a peer on the host's dispatch queue (once).
    pub(crate) fn queue_for_dispatch(&mut self, index: usize) {
        let flag = ENetPeerFlag::ENET_PEER_FLAG_NEEDS_DISPATCH as u16;
        if self.peers[index].flags & flag == 0 {
            self.peers[index].flags |= flag;
            self.dispatch_queue.push_back(index);
        }
    }

    /// Drops every queued command of a peer and its channels, releasing the
    /// packets they hold (upstream's `enet_peer_reset_queues`).
    pub fn reset_queues(&mut self, index: usize) {
        let flag = ENetPeerFlag::ENET_PEER_FLAG_NEEDS_DISPATCH as u16;
        if self.peers[index].flags & flag != 0 {
            self.dispatch_queue.retain(|&queued| queued != index);
            self.peers[index].flags &= !flag;
        }
        let side = &mut self.sides[index];
        if let Some(mut queues) = side.queues.take() {
            for queue in [
                &mut queues.sent_reliable,
                &mut queues.outgoing,
                &mut queues.outgoing_reliable,
            ] {
                for command in queue.drain(..) {
                    if let Some(packet) = command.packet {
                        packet.release(false);
                    }
                }
            }
            for incoming in queues.dispatched.drain(..) {
                incoming.payload.release();
            }
            for channel in &mut queues.channels {
                for incoming in channel
                    .reliable
                    .drain(..)
                    .chain(channel.unreliable.drain(..))
                {
                    incoming.payload.release();
                }
            }
            queues.acknowledgements.clear();
            self.queue_pool.give(queues);
        }
        side.channels = Box::new([]);
        let peer = &mut self.peers[index];
        peer.channels = core::ptr::null_mut();
        peer.channelCount = 0;
    }

    /// Returns a peer to its pristine disconnected state without telling the
    /// remote side (`enet_peer_reset`). `data`, `address`, `incomingPeerID`
    /// and the session IDs are kept, as upstream.
    pub fn reset_peer(&mut self, index: usize) {
        self.on_disconnect(index);
        let mtu = self.raw.mtu;
        let peer = &mut self.peers[index];
        peer.outgoingPeerID = ENET_PROTOCOL_MAXIMUM_PEER_ID as u16;
        peer.connectID = 0;
        peer.state = ENET_PEER_STATE_DISCONNECTED as u32;
        peer.incomingBandwidth = 0;
        peer.outgoingBandwidth = 0;
        peer.incomingBandwidthThrottleEpoch = 0;
        peer.outgoingBandwidthThrottleEpoch = 0;
        peer.incomingDataTotal = 0;
        peer.outgoingDataTotal = 0;
        peer.lastSendTime = 0;
        peer.lastReceiveTime = 0;
        peer.nextTimeout = 0;
        peer.earliestTimeout = 0;
        peer.packetLossEpoch = 0;
        peer.packetsSent = 0;
        peer.packetsLost = 0;
        peer.packetLoss = 0;
        peer.packetLossVariance = 0;
        peer.packetThrottle = ENET_PEER_DEFAULT_PACKET_THROTTLE;
        peer.packetThrottleLimit = ENET_PEER_PACKET_THROTTLE_SCALE;
        peer.packetThrottleCounter = 0;
        peer.packetThrottleEpoch = 0;
        peer.packetThrottleAcceleration = ENET_PEER_PACKET_THROTTLE_ACCELERATION;
        peer.packetThrottleDeceleration = ENET_PEER_PACKET_THROTTLE_DECELERATION;
        peer.packetThrottleInterval = ENET_PEER_PACKET_THROTTLE_INTERVAL;
        peer.pingInterval = ENET_PEER_PING_INTERVAL;
        peer.timeoutLimit = ENET_PEER_TIMEOUT_LIMIT;
        peer.timeoutMinimum = ENET_PEER_TIMEOUT_MINIMUM;
        peer.timeoutMaximum = ENET_PEER_TIMEOUT_MAXIMUM;
        peer.lastRoundTripTime = ENET_PEER_DEFAULT_ROUND_TRIP_TIME;
        peer.lowestRoundTripTime = ENET_PEER_DEFAULT_ROUND_TRIP_TIME;
        peer.lastRoundTripTimeVariance = 0;
        peer.highestRoundTripTimeVariance = 0;
        peer.roundTripTime = ENET_PEER_DEFAULT_ROUND_TRIP_TIME;
        peer.roundTripTimeVariance = 0;
        peer.mtu = mtu;
        peer.reliableDataInTransit = 0;
        peer.outgoingReliableSequenceNumber = 0;
        peer.windowSize = ENET_PROTOCOL_MAXIMUM_WINDOW_SIZE;
        peer.incomingUnsequencedGroup = 0;
        peer.outgoingUnsequencedGroup = 0;
        peer.eventData = 0;
        peer.totalWaitingData = 0;
        peer.flags = 0;
        peer.unsequencedWindow = [0; 32];
        self.reset_queues(index);
        self.scheduler.forget(index);
    }

    /// Whether a peer still has commands to send or awaiting acknowledgement.
    pub fn has_outgoing_commands(&self, index: usize) -> bool {
        let side = &self.sides[index];
        side.has_unsent() || side.has_sent_reliable()
    }

    /// Queues a command (with `length` bytes of `packet` from `offset`) and
    /// takes a packet reference for it.
    pub(crate) fn queue_outgoing(
        &mut self,
        index: usize,
        command: Command,
        packet: Option<H::Packet>,
        offset: u32,
        length: u16,
    ) -> (u16, u16) {
        if let Some(packet) = &packet {
            packet.acquire();
        }
        self.setup_outgoing(index, command, packet, offset, length)
    }

    /// Assigns sequence numbers to a command and appends it to the peer's
    /// outgoing queues (upstream's `enet_peer_setup_outgoing_command`).
    /// Returns the reliable and unreliable sequence numbers it got.
    pub(crate) fn setup_outgoing(
        &mut self,
        index: usize,
        mut command: Command,
        packet: Option<H::Packet>,
        offset: u32,
        length: u16,
    ) -> (u16, u16) {
        let peer = &mut self.peers[index];
        let side = &mut self.sides[index];
        peer.outgoingDataTotal = peer
            .outgoingDataTotal
            .wrapping_add(command_size(command.header.command) as u32 + length as u32);
        let channel_id = command.header.channel_id;
        let (reliable, unreliable) = if channel_id == CONTROL_CHANNEL {
            peer.outgoingReliableSequenceNumber =
                peer.outgoingReliableSequenceNumber.wrapping_add(1);
            (peer.outgoingReliableSequenceNumber, 0)
        } else if command.header.command & FLAG_ACKNOWLEDGE != 0 {
            let channel = &mut side.channels[channel_id as usize];
            channel.outgoingReliableSequenceNumber =
                channel.outgoingReliableSequenceNumber.wrapping_add(1);
            channel.outgoingUnreliableSequenceNumber = 0;
            (channel.outgoingReliableSequenceNumber, 0)
        } else if command.header.command & FLAG_UNSEQUENCED != 0 {
            peer.outgoingUnsequencedGroup = peer.outgoingUnsequencedGroup.wrapping_add(1);
            (0, 0)
        } else {
            let channel = &mut side.channels[channel_id as usize];
            if offset == 0 {
                channel.outgoingUnreliableSequenceNumber =
                    channel.outgoingUnreliableSequenceNumber.wrapping_add(1);
            }
            (
                channel.outgoingReliableSequenceNumber,
                channel.outgoingUnreliableSequenceNumber,
            )
        };
        command.header.reliable_sequence_number = reliable;
        match &mut command.body {
            Body::SendUnreliable {
                unreliable_sequence_number,
                ..
            } => *unreliable_sequence_number = unreliable,
            Body::SendUnsequenced {
                unsequenced_group, ..
            } => *unsequenced_group = peer.outgoingUnsequencedGroup,
            _ => {}
        }
        self.raw.continueSending = self.raw.continueSending.wrapping_add(1);
        let outgoing = Outgoing {
            command,
            reliable_sequence_number: reliable,
            unreliable_sequence_number: unreliable,
            sent_time: 0,
            round_trip_timeout: 0,
            queue_time: self.raw.continueSending as u32,
            fragment_offset: offset,
            fragment_length: length,
            send_attempts: 0,
            packet,
        };
        let queues = side.queues_mut(&mut self.queue_pool);
        if outgoing.is_reliable() && outgoing.packet.is_some() {
            self.queue_pool
                .outgoing
                .push_back(&mut queues.outgoing_reliable, outgoing);
        } else {
            self.queue_pool
                .outgoing
                .push_back(&mut queues.outgoing, outgoing);
        }
        self.scheduler.mark_ready(index);
        (reliable, unreliable)
    }

    /// Queues `packet` for delivery to peer `index` on `channel_id`,
    /// fragmenting it if it does not fit in one datagram. Every queued
    /// command takes one packet reference.
    pub fn send(
        &mut self,
        index: usize,
        channel_id: u8,
        packet: H::Packet,
    ) -> Result<(), SendError> {
        if !is(&self.peers[index], ENET_PEER_STATE_CONNECTED) {
            return Err(SendError::NotConnected);
        }
        if channel_id as usize >= self.peers[index].channelCount {
            return Err(SendError::ChannelOutOfRange);
        }
        let length = packet.len();
        if length > self.raw.maximumPacketSize {
            return Err(SendError::TooLarge);
        }
        let checksum_size = if self.hooks.checksum_enabled(&self.raw) {
            4
        } else {
            0
        };
        let fragment_length = (self.peers[index].mtu as usize)
            .saturating_sub(
                4 + command_size(ENetProtocolCommand::ENET_PROTOCOL_COMMAND_SEND_FRAGMENT as u8)
                    + checksum_size,
            )
            .max(1);
        let flags = packet.flags();
        let reliable_flag = ENetPacketFlag::ENET_PACKET_FLAG_RELIABLE as u32;
        let unsequenced_flag = ENetPacketFlag::ENET_PACKET_FLAG_UNSEQUENCED as u32;
        let unreliable_fragment_flag = ENetPacketFlag::ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT as u32;
        let channel = &self.sides[index].channels[channel_id as usize];
        let unreliable_exhausted = channel.outgoingUnreliableSequenceNumber == u16::MAX;
        if length > fragment_length {
            let fragment_count = length.div_ceil(fragment_length);
            if fragment_count > ENET_PROTOCOL_MAXIMUM_FRAGMENT_COUNT as usize {
                return Err(SendError::TooManyFragments);
            }
            let unreliable_fragments = flags & (reliable_flag | unreliable_fragment_flag)
                == unreliable_fragment_flag
                && !unreliable_exhausted;
            let (flag, start) = if unreliable_fragments {
                (0, channel.outgoingUnreliableSequenceNumber.wrapping_add(1))
            } else {
                (
                    FLAG_ACKNOWLEDGE,
                    channel.outgoingReliableSequenceNumber.wrapping_add(1),
                )
            };
            for fragment_number in 0..fragment_count {
                let offset = fragment_number * fragment_length;
                let this_length = fragment_length.min(length - offset);
                let fragment = Fragment {
                    start_sequence_number: start,
                    data_length: this_length as u16,
                    fragment_count: fragment_count as u32,
                    fragment_number: fragment_number as u32,
                    total_length: length as u32,
                    fragment_offset: offset as u32,
                };
                let body = if unreliable_fragments {
                    Body::SendUnreliableFragment(fragment)
                } else {
                    Body::SendFragment(fragment)
                };
                self.queue_outgoing(
                    index,
                    command(flag, channel_id, body),
                    Some(packet.clone()),
                    offset as u32,
                    this_length as u16,
                );
            }
            return Ok(());
        }
        let data_length = length as u16;
        let (flag, body) = if flags & (reliable_flag | unsequenced_flag) == unsequenced_flag {
            (
                FLAG_UNSEQUENCED,
                Body::SendUnsequenced {
                    unsequenced_group: 0,
                    data_length,
                },
            )
        } else if flags & reliable_flag != 0 || unreliable_exhausted {
            (FLAG_ACKNOWLEDGE, Body::SendReliable { data_length })
        } else {
            (
                0,
                Body::SendUnreliable {
                    unreliable_sequence_number: 0,
                    data_length,
                },
            )
        };
        self.queue_outgoing(
            index,
            command(flag, channel_id, body),
            Some(packet),
            0,
            data_length,
        );
        Ok(())
    }

    /// Takes the next delivered packet of a peer and its channel
    /// (`enet_peer_receive`). The packet's reference from the queue is
    /// dropped, so a freshly received packet comes out with count 0.
    pub fn receive(&mut self, index: usize) -> Option<(u8, H::Packet)> {
        let side = &mut self.sides[index];
        let queues = side.queues.as_deref_mut()?;
        let Incoming {
            channel_id,
            payload,
            ..
        } = queues.dispatched.pop_front()?;
        queues.dispatched_bytes = queues.dispatched_bytes.saturating_sub(payload.len());
        queues.queued_commands = queues.queued_commands.saturating_sub(1);
        if queues.dispatched.is_empty() {
            side.trim(false, &mut self.queue_pool);
        }
        let Payload::Packet(packet) = payload else {
            // Only complete packets are ever delivered.
            return None;
        };
        packet.release_to_application();
        let peer = &mut self.peers[index];
        peer.totalWaitingData = peer.totalWaitingData.saturating_sub(packet.len());
        Some((channel_id, packet))
    }

    /// Queues a PING to a connected peer.
    pub fn ping(&mut self, index: usize) {
        if is(&self.peers[index], ENET_PEER_STATE_CONNECTED) {
            self.queue_outgoing(
                index,
                command(FLAG_ACKNOWLEDGE, CONTROL_CHANNEL, Body::Ping),
                None,
                0,
                0,
            );
        }
    }

    /// Sets the interval between pings of an idle connection (0: default).
    pub fn set_ping_interval(&mut self, index: usize, interval: u32) {
        self.peers[index].pingInterval = if interval == 0 {
            ENET_PEER_PING_INTERVAL
        } else {
            interval
        };
    }

    /// Sets the timeout parameters of a peer (each 0: its default).
    pub fn set_timeout(&mut self, index: usize, limit: u32, minimum: u32, maximum: u32) {
        let peer = &mut self.peers[index];
        peer.timeoutLimit = if limit == 0 {
            ENET_PEER_TIMEOUT_LIMIT
        } else {
            limit
        };
        peer.timeoutMinimum = if minimum == 0 {
            ENET_PEER_TIMEOUT_MINIMUM
        } else {
            minimum
        };
        peer.timeoutMaximum = if maximum == 0 {
            ENET_PEER_TIMEOUT_MAXIMUM
        } else {
            maximum
        };
    }

    /// Configures the unreliable packet throttle and tells the remote side.
    pub fn throttle_configure(
        &mut self,
        index: usize,
        interval: u32,
        acceleration: u32,
        deceleration: u32,
    ) {
        let peer = &mut self.peers[index];
        peer.packetThrottleInterval = interval;
        peer.packetThrottleAcceleration = acceleration;
        peer.packetThrottleDeceleration = deceleration;
        let body = Body::ThrottleConfigure {
            interval,
            acceleration,
            deceleration,
        };
        self.queue_outgoing(
            index,
            command(FLAG_ACKNOWLEDGE, CONTROL_CHANNEL, body),
            None,
            0,
            0,
        );
    }

    /// Adjusts the packet throttle from a round-trip sample; returns 1 if it
    /// accelerated, -1 if it decelerated, 0 otherwise (`enet_peer_throttle`).
    pub fn throttle(&mut self, index: usize, rtt: u32) -> i32 {
        let peer = &mut self.peers[index];
        if peer.lastRoundTripTime <= peer.lastRoundTripTimeVariance {
            peer.packetThrottle = peer.packetThrottleLimit;
        } else if rtt <= peer.lastRoundTripTime {
            peer.packetThrottle = peer
                .packetThrottle
                .saturating_add(peer.packetThrottleAcceleration);
            if peer.packetThrottle > peer.packetThrottleLimit {
                peer.packetThrottle = peer.packetThrottleLimit;
            }
            return 1;
        } else if rtt
            > peer
                .lastRoundTripTime
                .wrapping_add(peer.lastRoundTripTimeVariance.wrapping_mul(2))
        {
            peer.packetThrottle = peer
                .packetThrottle
                .saturating_sub(peer.packetThrottleDeceleration);
            return -1;
        }
        0
    }

    /// Queues a DISCONNECT with `data`, reliable if the peer is connected,
    /// unsequenced otherwise.
    fn queue_disconnect(&mut self, index: usize, data: u32, flag: u8) {
        self.queue_outgoing(
            index,
            command(flag, CONTROL_CHANNEL, Body::Disconnect { data }),
            None,
            0,
            0,
        );
    }

    /// Disconnects gracefully (`enet_peer_disconnect`): the DISCONNECT event
    /// comes when the remote side acknowledges. Before the connection is up
    /// it sends an unsequenced DISCONNECT and resets at once (no event).
    pub fn disconnect(&mut self, now: u32, index: usize, data: u32) {
        let peer = &self.peers[index];
        if is(peer, ENET_PEER_STATE_DISCONNECTING)
            || is(peer, ENET_PEER_STATE_DISCONNECTED)
            || is(peer, ENET_PEER_STATE_ACKNOWLEDGING_DISCONNECT)
            || is(peer, ENET_PEER_STATE_ZOMBIE)
        {
            return;
        }
        self.reset_queues(index);
        let connected = self.is_connected(index);
        self.queue_disconnect(
            index,
            data,
            if connected {
                FLAG_ACKNOWLEDGE
            } else {
                FLAG_UNSEQUENCED
            },
        );
        if connected {
            self.on_disconnect(index);
            self.peers[index].state = ENET_PEER_STATE_DISCONNECTING as u32;
        } else {
            self.flush(now);
            self.reset_peer(index);
        }
    }

    /// Disconnects at once (`enet_peer_disconnect_now`): sends an
    /// unsequenced DISCONNECT right away and resets; no event.
    pub fn disconnect_now(&mut self, now: u32, index: usize, data: u32) {
        let peer = &self.peers[index];
        if is(peer, ENET_PEER_STATE_DISCONNECTED) {
            return;
        }
        if !is(peer, ENET_PEER_STATE_ZOMBIE) && !is(peer, ENET_PEER_STATE_DISCONNECTING) {
            self.reset_queues(index);
            self.queue_disconnect(index, data, FLAG_UNSEQUENCED);
            self.flush(now);
        }
        self.reset_peer(index);
    }

    /// Disconnects once everything queued has been sent and acknowledged
    /// (`enet_peer_disconnect_later`).
    pub fn disconnect_later(&mut self, now: u32, index: usize, data: u32) {
        if self.is_connected(index) && self.has_outgoing_commands(index) {
            self.peers[index].state = ENET_PEER_STATE_DISCONNECT_LATER as u32;
            self.peers[index].eventData = data;
        } else {
            self.disconnect(now, index, data);
        }
    }
}
