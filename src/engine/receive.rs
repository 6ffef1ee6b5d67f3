//! Handling a received datagram: header, session and address checks,
//! decompression, checksum, then each command in turn.

use std::collections::VecDeque;
use std::net::SocketAddr;

use super::commands::{command, Acknowledgement, Outgoing, Payload};
use super::hooks::{Hooks, PacketHandle};
use super::host::{clamp_window, Host, CONTROL_CHANNEL};
use super::incoming::{in_receive_window, NewIncoming, Queued};
use super::peer::is;
use super::{address, time};
use crate::abi::ENetPeerState::*;
use crate::abi::*;
use crate::wire::command::{number, FLAG_ACKNOWLEDGE};
use crate::wire::header::{CHECKSUM_SIZE, NO_PEER};
use crate::wire::{checksum, Body, Command, Commands, ConnectParameters, Fragment, Header};

/// A command handler's verdict: go on with the datagram, or stop it here.
type Handled = Result<(), ()>;

impl<H: Hooks> Host<H> {
    /// Processes one datagram received from `from` at time `now`.
    ///
    /// Malformed, truncated or unauthenticated datagrams are dropped without
    /// effect; a command the peer's state does not allow ends the datagram,
    /// keeping what earlier commands did, as upstream.
    pub fn handle_datagram(&mut self, now: u32, from: SocketAddr, datagram: &[u8]) {
        self.raw.serviceTime = now;
        let Ok(header) = Header::parse(datagram) else {
            return;
        };
        let checksummed = self.hooks.checksum_enabled(&self.raw);
        let header_size = header.len() + if checksummed { CHECKSUM_SIZE } else { 0 };
        if datagram.len() < header_size {
            return;
        }
        let peer = if header.peer_id == NO_PEER {
            None
        } else {
            let index = header.peer_id as usize;
            if index >= self.peers.len() {
                return;
            }
            let peer = &self.peers[index];
            if is(peer, ENET_PEER_STATE_DISCONNECTED) || is(peer, ENET_PEER_STATE_ZOMBIE) {
                return;
            }
            let known = self.sides[index].address;
            if known != Some(from) && !known.is_some_and(|known| address::is_broadcast(&known)) {
                return;
            }
            if (peer.outgoingPeerID as u32) < ENET_PROTOCOL_MAXIMUM_PEER_ID
                && header.session_id != peer.incomingSessionID
            {
                return;
            }
            Some(index)
        };

        // Work on a copy: decompression expands it, and checksum
        // verification writes the seed into it.
        let mut buffer = std::mem::take(&mut self.receive_buffer);
        buffer.clear();
        buffer.extend_from_slice(&datagram[..header_size]);
        if header.compressed {
            buffer.resize(ENET_PROTOCOL_MAXIMUM_MTU, 0);
            let (head, tail) = buffer.split_at_mut(header_size);
            let _ = head;
            match self
                .hooks
                .decompress(&self.raw, &datagram[header_size..], tail)
            {
                Some(size) if size > 0 => buffer.truncate(header_size + size),
                _ => {
                    self.receive_buffer = buffer;
                    return;
                }
            }
        } else {
            buffer.extend_from_slice(&datagram[header_size..]);
        }
        if checksummed {
            let seed = peer.map_or(0, |index| self.peers[index].connectID);
            let hooks = &mut self.hooks;
            let raw = &self.raw;
            let verified = checksum::verify(&mut buffer, header.len(), seed, |bytes| {
                hooks.checksum(raw, &[bytes])
            });
            if verified != Ok(true) {
                self.receive_buffer = buffer;
                return;
            }
        }
        if let Some(index) = peer {
            self.set_address(index, from);
            let peer = &mut self.peers[index];
            peer.incomingDataTotal = peer.incomingDataTotal.wrapping_add(datagram.len() as u32);
        }
        self.handle_commands(&header, peer, from, &buffer[header_size..]);
        if let Some(index) = peer {
            // Acknowledgements may have opened the peer's send window.
            self.scheduler.mark_ready(index);
        }
        self.receive_buffer = buffer;
    }

    fn handle_commands(
        &mut self,
        header: &Header,
        mut peer: Option<usize>,
        from: SocketAddr,
        body: &[u8],
    ) {
        let mut commands = Commands::new(body);
        while let Some(Ok((command, payload))) = commands.next() {
            let number = command.header.number();
            let outcome = match peer {
                // Before a peer is known, only a final CONNECT is accepted.
                None => {
                    if number != number::CONNECT || commands.clone().next().is_some() {
                        return;
                    }
                    let Body::Connect { parameters, data } = &command.body else {
                        return;
                    };
                    match self.handle_connect(from, parameters, *data) {
                        Some(index) => {
                            peer = Some(index);
                            Ok(())
                        }
                        None => Err(()),
                    }
                }
                Some(index) => self.handle_command(index, &command, payload),
            };
            if outcome.is_err() {
                return;
            }
            let Some(index) = peer else { return };
            if command.header.command & FLAG_ACKNOWLEDGE == 0 {
                continue;
            }
            // A reliable command is acknowledged with the datagram's sent
            // time; a datagram without one ends here.
            let Some(sent_time) = header.sent_time else {
                return;
            };
            let state = &self.peers[index];
            let acknowledge = if is(state, ENET_PEER_STATE_DISCONNECTING)
                || is(state, ENET_PEER_STATE_ACKNOWLEDGING_CONNECT)
                || is(state, ENET_PEER_STATE_DISCONNECTED)
                || is(state, ENET_PEER_STATE_ZOMBIE)
            {
                false
            } else if is(state, ENET_PEER_STATE_ACKNOWLEDGING_DISCONNECT) {
                number == number::DISCONNECT
            } else {
                true
            };
            if acknowledge {
                let _ = self.queue_acknowledgement(index, &command, sent_time);
            }
        }
    }

    /// Queues an acknowledgement of `command` (`enet_peer_queue_acknowledgement`).
    pub(crate) fn queue_acknowledgement(
        &mut self,
        index: usize,
        command: &Command,
        sent_time: u16,
    ) -> bool {
        let channel_id = command.header.channel_id;
        if (channel_id as usize) < self.peers[index].channelCount {
            let channel = &self.sides[index].channels[channel_id as usize];
            let sequence = command.header.reliable_sequence_number;
            let mut window = sequence as u32 / ENET_PEER_RELIABLE_WINDOW_SIZE;
            let current =
                channel.incomingReliableSequenceNumber as u32 / ENET_PEER_RELIABLE_WINDOW_SIZE;
            if sequence < channel.incomingReliableSequenceNumber {
                window += ENET_PEER_RELIABLE_WINDOWS as u32;
            }
            if window >= current + ENET_PEER_FREE_RELIABLE_WINDOWS - 1
                && window <= current + ENET_PEER_FREE_RELIABLE_WINDOWS
            {
                return false;
            }
        }
        let peer = &mut self.peers[index];
        peer.outgoingDataTotal = peer.outgoingDataTotal.wrapping_add(8);
        let queues = self.sides[index].queues_mut(&mut self.queue_pool);
        self.queue_pool.acknowledgements.push_back(
            &mut queues.acknowledgements,
            Acknowledgement {
                header: command.header,
                sent_time,
            },
        );
        self.scheduler.mark_ready(index);
        true
    }

    #[inline]
    fn handle_command(&mut self, index: usize, command: &Command, payload: &[u8]) -> Handled {
        match command.body {
            Body::SendReliable { .. } => {
                self.check_data_command(index, command.header.channel_id, payload.len())?;
                let flags = ENetPacketFlag::ENET_PACKET_FLAG_RELIABLE as u32;
                self.queue_data(index, command, 0, payload, flags)
            }
            Body::SendUnreliable {
                unreliable_sequence_number,
                ..
            } => {
                self.check_data_command(index, command.header.channel_id, payload.len())?;
                self.queue_data(index, command, unreliable_sequence_number, payload, 0)
            }
            Body::Acknowledge {
                received_reliable_sequence_number,
                received_sent_time,
            } => self.handle_acknowledge(
                index,
                command.header.channel_id,
                received_reliable_sequence_number,
                received_sent_time,
            ),
            Body::VerifyConnect { ref parameters } => self.handle_verify_connect(index, parameters),
            Body::Disconnect { data } => {
                self.handle_disconnect(index, command, data);
                Ok(())
            }
            Body::Ping => self.require_connected(index),
            Body::BandwidthLimit {
                incoming_bandwidth,
                outgoing_bandwidth,
            } => self.handle_bandwidth_limit(index, incoming_bandwidth, outgoing_bandwidth),
            Body::ThrottleConfigure {
                interval,
                acceleration,
                deceleration,
            } => {
                self.require_connected(index)?;
                let peer = &mut self.peers[index];
                peer.packetThrottleInterval = interval;
                peer.packetThrottleAcceleration = acceleration;
                peer.packetThrottleDeceleration = deceleration;
                Ok(())
            }
            Body::SendUnsequenced {
                unsequenced_group, ..
            } => self.handle_send_unsequenced(index, command, unsequenced_group, payload),
            Body::SendFragment(ref fragment) => {
                self.handle_fragment(index, command, fragment, payload, true)
            }
            Body::SendUnreliableFragment(ref fragment) => {
                self.handle_fragment(index, command, fragment, payload, false)
            }
            Body::Connect { .. } => Err(()),
        }
    }

    fn require_connected(&self, index: usize) -> Handled {
        if self.is_connected(index) {
            Ok(())
        } else {
            Err(())
        }
    }

    /// The common checks of data commands: channel, state, payload size.
    fn check_data_command(&self, index: usize, channel_id: u8, length: usize) -> Handled {
        if channel_id as usize >= self.peers[index].channelCount || !self.is_connected(index) {
            return Err(());
        }
        if length > self.raw.maximumPacketSize {
            return Err(());
        }
        Ok(())
    }

    fn queue_data(
        &mut self,
        index: usize,
        command: &Command,
        unreliable: u16,
        payload: &[u8],
        flags: u32,
    ) -> Handled {
        let new = NewIncoming {
            number: command.header.number(),
            channel_id: command.header.channel_id,
            reliable_sequence_number: command.header.reliable_sequence_number,
            unreliable_sequence_number: unreliable,
            data: Some(payload),
            length: payload.len(),
            flags,
            fragment_count: 0,
        };
        self.queue_incoming(index, new).map(|_| ())
    }

    fn handle_send_unsequenced(
        &mut self,
        index: usize,
        command: &Command,
        group: u16,
        payload: &[u8],
    ) -> Handled {
        self.check_data_command(index, command.header.channel_id, payload.len())?;
        let window_size = ENET_PEER_UNSEQUENCED_WINDOW_SIZE as u32;
        let peer = &mut self.peers[index];
        let slot = group as u32 % window_size;
        let mut group = group as u32;
        if group < peer.incomingUnsequencedGroup as u32 {
            group += 0x10000;
        }
        if group
            >= peer.incomingUnsequencedGroup as u32
                + ENET_PEER_FREE_UNSEQUENCED_WINDOWS * window_size
        {
            return Ok(());
        }
        group &= 0xFFFF;
        let (word, bit) = ((slot / 32) as usize, 1u32 << (slot % 32));
        if group.wrapping_sub(slot) as u16 != peer.incomingUnsequencedGroup {
            peer.incomingUnsequencedGroup = group.wrapping_sub(slot) as u16;
            peer.unsequencedWindow = [0; 32];
        } else if peer.unsequencedWindow[word] & bit != 0 {
            return Ok(());
        }
        self.queue_data(
            index,
            command,
            0,
            payload,
            ENetPacketFlag::ENET_PACKET_FLAG_UNSEQUENCED as u32,
        )?;
        self.peers[index].unsequencedWindow[word] |= bit;
        Ok(())
    }

    /// SEND_FRAGMENT (`reliable`) and SEND_UNRELIABLE_FRAGMENT: validates the
    /// fragment, finds or starts its packet, and copies the payload in.
    fn handle_fragment(
        &mut self,
        index: usize,
        command: &Command,
        fragment: &Fragment,
        payload: &[u8],
        reliable: bool,
    ) -> Handled {
        let channel_id = command.header.channel_id;
        self.check_data_command(index, channel_id, payload.len())?;
        let length = payload.len() as u32;
        let channel = self.sides[index].channels[channel_id as usize];
        let start = fragment.start_sequence_number;
        let reliable_sequence = if reliable {
            start
        } else {
            command.header.reliable_sequence_number
        };
        if !in_receive_window(reliable_sequence, channel.incomingReliableSequenceNumber) {
            return Ok(());
        }
        if !reliable
            && reliable_sequence == channel.incomingReliableSequenceNumber
            && start <= channel.incomingUnreliableSequenceNumber
        {
            return Ok(());
        }
        let Fragment {
            fragment_count,
            fragment_number,
            total_length,
            fragment_offset,
            ..
        } = *fragment;
        if length == 0
            || fragment_count > ENET_PROTOCOL_MAXIMUM_FRAGMENT_COUNT
            || fragment_number >= fragment_count
            || total_length as usize > self.raw.maximumPacketSize
            || total_length < fragment_count
            || fragment_offset >= total_length
            || length > total_length - fragment_offset
        {
            return Err(());
        }
        let wanted = if reliable {
            number::SEND_FRAGMENT
        } else {
            number::SEND_UNRELIABLE_FRAGMENT
        };
        let channel_sequence = channel.incomingReliableSequenceNumber;
        let queues = self.sides[index]
            .queues_mut(&mut self.queue_pool)
            .channel_mut(channel_id as usize, &mut self.queue_pool);
        let queue = if reliable {
            &queues.reliable
        } else {
            &queues.unreliable
        };
        let mut found = None;
        for (position, queued) in queue.iter().enumerate().rev() {
            if !reliable && queued.number == number::SEND_UNSEQUENCED {
                continue;
            }
            if reliable_sequence >= channel_sequence {
                if queued.reliable_sequence_number < channel_sequence {
                    continue;
                }
            } else if queued.reliable_sequence_number >= channel_sequence {
                break;
            }
            if reliable {
                if queued.reliable_sequence_number <= start {
                    if queued.reliable_sequence_number < start {
                        break;
                    }
                    found = Some(position);
                    break;
                }
            } else {
                if queued.reliable_sequence_number < reliable_sequence {
                    break;
                }
                if queued.reliable_sequence_number > reliable_sequence {
                    continue;
                }
                if queued.unreliable_sequence_number <= start {
                    if queued.unreliable_sequence_number < start {
                        break;
                    }
                    found = Some(position);
                    break;
                }
            }
        }
        let position = match found {
            Some(position) => {
                let queued = &queue[position];
                if queued.number != wanted
                    || total_length as usize != queued.payload.len()
                    || fragment_count != queued.fragment_count
                {
                    return Err(());
                }
                position
            }
            None => {
                let flags = if reliable {
                    ENetPacketFlag::ENET_PACKET_FLAG_RELIABLE
                } else {
                    ENetPacketFlag::ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT
                } as u32;
                let new = NewIncoming {
                    number: wanted,
                    channel_id,
                    reliable_sequence_number: reliable_sequence,
                    unreliable_sequence_number: if reliable { 0 } else { start },
                    data: None,
                    length: total_length as usize,
                    flags,
                    fragment_count,
                };
                match self.queue_incoming(index, new)? {
                    Queued::At(position) => position,
                    Queued::Discarded => return Err(()),
                }
            }
        };
        let queues = self.sides[index]
            .queues_mut(&mut self.queue_pool)
            .channel_mut(channel_id as usize, &mut self.queue_pool);
        let queued = if reliable {
            &mut queues.reliable[position]
        } else {
            &mut queues.unreliable[position]
        };
        let (word, bit) = (
            (fragment_number / 32) as usize,
            1u32 << (fragment_number % 32),
        );
        if queued.fragments[word] & bit == 0 {
            queued.fragments_remaining -= 1;
            queued.fragments[word] |= bit;
            if let Payload::Assembling { buffer, .. } = &mut queued.payload {
                let offset = fragment_offset as usize;
                let copy = (length as usize).min(buffer.len() - offset);
                buffer[offset..offset + copy].copy_from_slice(&payload[..copy]);
            }
            if queued.fragments_remaining == 0 {
                // Complete: the reassembled bytes become a packet.
                if let Payload::Assembling { buffer, flags } = &queued.payload {
                    let packet = self.hooks.create_packet(buffer, *flags).ok_or(())?;
                    packet.acquire();
                    queued.payload = Payload::Packet(packet);
                }
                if reliable {
                    self.dispatch_incoming_reliable(index, channel_id as usize);
                } else {
                    self.dispatch_incoming_unreliable(index, channel_id as usize, None);
                }
            }
        }
        Ok(())
    }

    fn handle_bandwidth_limit(&mut self, index: usize, incoming: u32, outgoing: u32) -> Handled {
        self.require_connected(index)?;
        if self.peers[index].incomingBandwidth != 0 {
            self.raw.bandwidthLimitedPeers = self.raw.bandwidthLimitedPeers.saturating_sub(1);
        }
        let host_outgoing = self.raw.outgoingBandwidth;
        let peer = &mut self.peers[index];
        peer.incomingBandwidth = incoming;
        peer.outgoingBandwidth = outgoing;
        if incoming != 0 {
            self.raw.bandwidthLimitedPeers += 1;
        }
        peer.windowSize = window_for_bandwidths(incoming, host_outgoing);
        Ok(())
    }

    /// A CONNECT from an unknown address: allocates a peer slot and answers
    /// with VERIFY_CONNECT, or ignores it (no slot, duplicate limit, bad
    /// channel count, or a retransmission of a CONNECT already answered).
    fn handle_connect(
        &mut self,
        from: SocketAddr,
        connect: &ConnectParameters,
        data: u32,
    ) -> Option<usize> {
        let channel_count = connect.channel_count;
        if !(ENET_PROTOCOL_MINIMUM_CHANNEL_COUNT..=ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT)
            .contains(&channel_count)
        {
            return None;
        }
        let mut free = None;
        let mut duplicates = 0usize;
        for (index, peer) in self.peers.iter().enumerate() {
            if is(peer, ENET_PEER_STATE_DISCONNECTED) {
                free.get_or_insert(index);
            } else if !is(peer, ENET_PEER_STATE_CONNECTING) {
                let known = self.sides[index].address;
                if known.map(|known| known.ip()) == Some(from.ip()) {
                    if known == Some(from) && peer.connectID == connect.connect_id {
                        return None;
                    }
                    duplicates += 1;
                }
            }
        }
        if duplicates >= self.raw.duplicatePeers {
            return None;
        }
        let index = match free {
            Some(index) => index,
            None if self.evict_half_open => {
                let oldest = self.oldest_half_open()?;
                // It never reached the application: no event, no counters.
                self.reset_peer(oldest);
                oldest
            }
            None => return None,
        };
        self.sides[index].connect_received = self.raw.serviceTime;
        let channel_count = (channel_count as usize).min(self.raw.channelLimit);
        self.allocate_channels(index, channel_count);
        self.set_address(index, from);
        let host_mtu = self.raw.mtu;
        let (host_incoming, host_outgoing) =
            (self.raw.incomingBandwidth, self.raw.outgoingBandwidth);
        let peer = &mut self.peers[index];
        peer.state = ENET_PEER_STATE_ACKNOWLEDGING_CONNECT as u32;
        peer.connectID = connect.connect_id;
        peer.outgoingPeerID = connect.outgoing_peer_id;
        peer.incomingBandwidth = connect.incoming_bandwidth;
        peer.outgoingBandwidth = connect.outgoing_bandwidth;
        peer.packetThrottleInterval = connect.packet_throttle_interval;
        peer.packetThrottleAcceleration = connect.packet_throttle_acceleration;
        peer.packetThrottleDeceleration = connect.packet_throttle_deceleration;
        peer.eventData = data;

        // New session IDs, so stale datagrams of the slot's previous
        // connection are recognised and dropped.
        let incoming_session = next_session(connect.incoming_session_id, peer.outgoingSessionID);
        peer.outgoingSessionID = incoming_session;
        let outgoing_session = next_session(connect.outgoing_session_id, peer.incomingSessionID);
        peer.incomingSessionID = outgoing_session;

        let mtu = connect
            .mtu
            .clamp(ENET_PROTOCOL_MINIMUM_MTU, ENET_PROTOCOL_MAXIMUM_MTU as u32);
        peer.mtu = mtu.min(host_mtu);
        peer.windowSize = window_for_bandwidths(host_outgoing, peer.incomingBandwidth);
        let mut window = if host_incoming == 0 {
            ENET_PROTOCOL_MAXIMUM_WINDOW_SIZE
        } else {
            (host_incoming / ENET_PEER_WINDOW_SIZE_SCALE)
                .wrapping_mul(ENET_PROTOCOL_MINIMUM_WINDOW_SIZE)
        };
        window = clamp_window(window.min(connect.window_size));
        let parameters = ConnectParameters {
            outgoing_peer_id: peer.incomingPeerID,
            incoming_session_id: incoming_session,
            outgoing_session_id: outgoing_session,
            mtu: peer.mtu,
            window_size: window,
            channel_count: channel_count as u32,
            incoming_bandwidth: host_incoming,
            outgoing_bandwidth: host_outgoing,
            packet_throttle_interval: peer.packetThrottleInterval,
            packet_throttle_acceleration: peer.packetThrottleAcceleration,
            packet_throttle_deceleration: peer.packetThrottleDeceleration,
            connect_id: peer.connectID,
        };
        let verify = command(
            FLAG_ACKNOWLEDGE,
            CONTROL_CHANNEL,
            Body::VerifyConnect { parameters },
        );
        self.queue_outgoing(index, verify, None, 0, 0);
        Some(index)
    }

    /// The half-open connection (CONNECT answered, not yet acknowledged)
    /// whose CONNECT arrived first.
    fn oldest_half_open(&self) -> Option<usize> {
        let now = self.raw.serviceTime;
        (0..self.peers.len())
            .filter(|&index| is(&self.peers[index], ENET_PEER_STATE_ACKNOWLEDGING_CONNECT))
            .max_by_key(|&index| now.wrapping_sub(self.sides[index].connect_received))
    }

    fn handle_verify_connect(&mut self, index: usize, verify: &ConnectParameters) -> Handled {
        let peer = &self.peers[index];
        if !is(peer, ENET_PEER_STATE_CONNECTING) {
            return Ok(());
        }
        if !(ENET_PROTOCOL_MINIMUM_CHANNEL_COUNT..=ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT)
            .contains(&verify.channel_count)
            || verify.packet_throttle_interval != peer.packetThrottleInterval
            || verify.packet_throttle_acceleration != peer.packetThrottleAcceleration
            || verify.packet_throttle_deceleration != peer.packetThrottleDeceleration
            || verify.connect_id != peer.connectID
        {
            self.peers[index].eventData = 0;
            self.dispatch_state(index, ENET_PEER_STATE_ZOMBIE);
            return Err(());
        }
        self.remove_sent_reliable(index, 1, CONTROL_CHANNEL);
        let peer = &mut self.peers[index];
        if (verify.channel_count as usize) < peer.channelCount {
            peer.channelCount = verify.channel_count as usize;
        }
        peer.outgoingPeerID = verify.outgoing_peer_id;
        peer.incomingSessionID = verify.incoming_session_id;
        peer.outgoingSessionID = verify.outgoing_session_id;
        let mtu = verify
            .mtu
            .clamp(ENET_PROTOCOL_MINIMUM_MTU, ENET_PROTOCOL_MAXIMUM_MTU as u32);
        if mtu < peer.mtu {
            peer.mtu = mtu;
        }
        let window = clamp_window(verify.window_size);
        if window < peer.windowSize {
            peer.windowSize = window;
        }
        peer.incomingBandwidth = verify.incoming_bandwidth;
        peer.outgoingBandwidth = verify.outgoing_bandwidth;
        self.notify_connect(index);
        Ok(())
    }

    /// A connection is up: the peer is connected at once and a CONNECT
    /// event is queued. (Upstream does this when the caller passed an event
    /// to `enet_host_service`, and otherwise parks the peer in a pending
    /// state until the event is dispatched; being connected at once lets
    /// data that arrives in the same datagram as the handshake's last step
    /// be accepted instead of retransmitted.)
    pub(crate) fn notify_connect(&mut self, index: usize) {
        self.raw.recalculateBandwidthLimits = 1;
        self.change_state(index, ENET_PEER_STATE_CONNECTED);
        let data = self.peers[index].eventData;
        self.events
            .push_back(super::Event::Connect { peer: index, data });
    }

    /// A connection is gone: queue the DISCONNECT event (data 0), or reset
    /// silently if it never came up on this side.
    pub(crate) fn notify_disconnect(&mut self, index: usize) {
        let state = self.peers[index].state;
        if state >= ENET_PEER_STATE_CONNECTION_PENDING as u32 {
            self.raw.recalculateBandwidthLimits = 1;
        }
        if state != ENET_PEER_STATE_CONNECTING as u32
            && state < ENET_PEER_STATE_CONNECTION_SUCCEEDED as u32
        {
            self.reset_peer(index);
        } else {
            self.peers[index].eventData = 0;
            self.dispatch_state(index, ENET_PEER_STATE_ZOMBIE);
        }
    }

    fn handle_disconnect(&mut self, index: usize, command: &Command, data: u32) {
        let peer = &self.peers[index];
        if is(peer, ENET_PEER_STATE_DISCONNECTED)
            || is(peer, ENET_PEER_STATE_ZOMBIE)
            || is(peer, ENET_PEER_STATE_ACKNOWLEDGING_DISCONNECT)
        {
            return;
        }
        self.reset_queues(index);
        let peer = &self.peers[index];
        if is(peer, ENET_PEER_STATE_CONNECTION_SUCCEEDED)
            || is(peer, ENET_PEER_STATE_DISCONNECTING)
            || is(peer, ENET_PEER_STATE_CONNECTING)
        {
            self.dispatch_state(index, ENET_PEER_STATE_ZOMBIE);
        } else if !self.is_connected(index) {
            if is(peer, ENET_PEER_STATE_CONNECTION_PENDING) {
                self.raw.recalculateBandwidthLimits = 1;
            }
            self.reset_peer(index);
        } else if command.header.command & FLAG_ACKNOWLEDGE != 0 {
            self.change_state(index, ENET_PEER_STATE_ACKNOWLEDGING_DISCONNECT);
        } else {
            self.dispatch_state(index, ENET_PEER_STATE_ZOMBIE);
        }
        if !is(&self.peers[index], ENET_PEER_STATE_DISCONNECTED) {
            self.peers[index].eventData = data;
        }
    }

    fn handle_acknowledge(
        &mut self,
        index: usize,
        channel_id: u8,
        sequence: u16,
        received_sent_time: u16,
    ) -> Handled {
        let peer = &self.peers[index];
        if is(peer, ENET_PEER_STATE_DISCONNECTED) || is(peer, ENET_PEER_STATE_ZOMBIE) {
            return Ok(());
        }
        let now = self.raw.serviceTime;
        let mut sent_time = received_sent_time as u32 | (now & 0xFFFF_0000);
        if sent_time & 0x8000 > now & 0x8000 {
            sent_time = sent_time.wrapping_sub(0x10000);
        }
        if time::less(now, sent_time) {
            return Ok(());
        }
        let rtt = time::difference(now, sent_time).max(1);
        self.update_round_trip_time(index, rtt);
        let peer = &mut self.peers[index];
        peer.lastReceiveTime = now.max(1);
        peer.earliestTimeout = 0;
        let acknowledged = self.remove_sent_reliable(index, sequence, channel_id);
        let state = self.peers[index].state;
        if state == ENET_PEER_STATE_ACKNOWLEDGING_CONNECT as u32 {
            if acknowledged != Some(number::VERIFY_CONNECT) {
                return Err(());
            }
            self.notify_connect(index);
        } else if state == ENET_PEER_STATE_DISCONNECTING as u32 {
            if acknowledged != Some(number::DISCONNECT) {
                return Err(());
            }
            self.notify_disconnect(index);
        } else if state == ENET_PEER_STATE_DISCONNECT_LATER as u32
            && !self.has_outgoing_commands(index)
        {
            let data = self.peers[index].eventData;
            self.disconnect(now, index, data);
        }
        Ok(())
    }

    /// Folds a round-trip sample into the peer's statistics and throttle.
    fn update_round_trip_time(&mut self, index: usize, rtt: u32) {
        let now = self.raw.serviceTime;
        if self.peers[index].lastReceiveTime > 0 {
            self.throttle(index, rtt);
            let peer = &mut self.peers[index];
            peer.roundTripTimeVariance -= peer.roundTripTimeVariance / 4;
            if rtt >= peer.roundTripTime {
                let difference = rtt - peer.roundTripTime;
                peer.roundTripTimeVariance += difference / 4;
                peer.roundTripTime += difference / 8;
            } else {
                let difference = peer.roundTripTime - rtt;
                peer.roundTripTimeVariance += difference / 4;
                peer.roundTripTime -= difference / 8;
            }
        } else {
            let peer = &mut self.peers[index];
            peer.roundTripTime = rtt;
            peer.roundTripTimeVariance = rtt.div_ceil(2);
        }
        let peer = &mut self.peers[index];
        if peer.roundTripTime < peer.lowestRoundTripTime {
            peer.lowestRoundTripTime = peer.roundTripTime;
        }
        if peer.roundTripTimeVariance > peer.highestRoundTripTimeVariance {
            peer.highestRoundTripTimeVariance = peer.roundTripTimeVariance;
        }
        if peer.packetThrottleEpoch == 0
            || time::difference(now, peer.packetThrottleEpoch) >= peer.packetThrottleInterval
        {
            peer.lastRoundTripTime = peer.lowestRoundTripTime;
            peer.lastRoundTripTimeVariance = peer.highestRoundTripTimeVariance.max(1);
            peer.lowestRoundTripTime = peer.roundTripTime;
            peer.highestRoundTripTimeVariance = peer.roundTripTimeVariance;
            peer.packetThrottleEpoch = now;
        }
    }

    /// Removes the acknowledged command from the sent list (or, if it was
    /// requeued for retransmission, from the outgoing queues) and releases
    /// its packet. Returns its command number, `None` if nothing matched.
    pub(crate) fn remove_sent_reliable(
        &mut self,
        index: usize,
        sequence: u16,
        channel_id: u8,
    ) -> Option<u8> {
        let side = self.sides[index].queues.as_deref_mut()?;
        let matches = |command: &Outgoing<H::Packet>| {
            command.reliable_sequence_number == sequence && command.channel_id() == channel_id
        };
        // Acknowledgements mostly arrive in sending order: the oldest sent
        // command is the one acknowledged.
        let found = if side.sent_reliable.front().is_some_and(matches) {
            Some(0)
        } else {
            side.sent_reliable.iter().position(matches)
        };
        let (removed, was_sent) = match found {
            Some(0) => (side.sent_reliable.pop_front(), true),
            Some(position) => (side.sent_reliable.remove(position), true),
            None => {
                let requeued = take_requeued(&mut side.outgoing, matches)
                    .or_else(|| take_requeued(&mut side.outgoing_reliable, matches));
                (requeued, false)
            }
        };
        self.finish_removal(index, channel_id, sequence, removed, was_sent)
    }

    #[inline]
    fn finish_removal(
        &mut self,
        index: usize,
        channel_id: u8,
        sequence: u16,
        removed: Option<Outgoing<H::Packet>>,
        was_sent: bool,
    ) -> Option<u8> {
        let removed = removed?;
        if (channel_id as usize) < self.peers[index].channelCount {
            let channel = &mut self.sides[index].channels[channel_id as usize];
            let window = (sequence as u32 / ENET_PEER_RELIABLE_WINDOW_SIZE) as usize;
            if channel.reliableWindows[window] > 0 {
                channel.reliableWindows[window] -= 1;
                if channel.reliableWindows[window] == 0 {
                    channel.usedReliableWindows &= !(1u16 << window);
                }
            }
        }
        if let Some(packet) = &removed.packet {
            if was_sent {
                let peer = &mut self.peers[index];
                peer.reliableDataInTransit = peer
                    .reliableDataInTransit
                    .saturating_sub(removed.fragment_length as u32);
            }
            packet.release(true);
        }
        if let Some(oldest) = self.sides[index]
            .queues
            .as_ref()
            .and_then(|queues| queues.sent_reliable.front())
        {
            self.peers[index].nextTimeout =
                oldest.sent_time.wrapping_add(oldest.round_trip_timeout);
        }
        Some(removed.command.header.number())
    }
}

/// Takes a reliable command that was sent, timed out and is queued again
/// for retransmission. The search stops at the first never-sent reliable
/// command: everything after it is newer.
fn take_requeued<P>(
    queue: &mut VecDeque<Outgoing<P>>,
    matches: impl Fn(&Outgoing<P>) -> bool,
) -> Option<Outgoing<P>> {
    for (position, command) in queue.iter().enumerate() {
        if !command.is_reliable() {
            continue;
        }
        if command.send_attempts < 1 {
            return None;
        }
        if matches(command) {
            return queue.remove(position);
        }
    }
    None
}

/// The session ID for a new connection on a peer slot: one past the ID the
/// remote side asked for (or past the slot's previous one if it asked for
/// none, 0xFF), skipping the slot's previous value, in the 2-bit range.
fn next_session(requested: u8, previous: u8) -> u8 {
    let mask = (ENetProtocolFlag::ENET_PROTOCOL_HEADER_SESSION_MASK as u32
        >> ENetProtocolFlag::ENET_PROTOCOL_HEADER_SESSION_SHIFT as u32) as u8;
    let base = if requested == 0xFF {
        previous
    } else {
        requested
    };
    let mut session = base.wrapping_add(1) & mask;
    if session == previous {
        session = session.wrapping_add(1) & mask;
    }
    session
}

/// Window size from the two bandwidths that bound a connection (0 = unlimited).
fn window_for_bandwidths(a: u32, b: u32) -> u32 {
    let window = if a == 0 && b == 0 {
        ENET_PROTOCOL_MAXIMUM_WINDOW_SIZE
    } else if a == 0 || b == 0 {
        (a.max(b) / ENET_PEER_WINDOW_SIZE_SCALE).wrapping_mul(ENET_PROTOCOL_MINIMUM_WINDOW_SIZE)
    } else {
        (a.min(b) / ENET_PEER_WINDOW_SIZE_SCALE).wrapping_mul(ENET_PROTOCOL_MINIMUM_WINDOW_SIZE)
    };
    clamp_window(window)
}
