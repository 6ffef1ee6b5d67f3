//! Received data commands: window checks, ordering, duplicate suppression,
//! reassembly targets and delivery to the dispatch queue.
//!
//! Reliable commands wait in their channel's reliable queue, ordered by
//! sequence number, and are delivered strictly in order. Unreliable and
//! unsequenced commands wait in the unreliable queue until the reliable
//! packet they follow has been delivered. Everything follows upstream's
//! `enet_peer_queue_incoming_command` and the two dispatch functions.

use super::commands::{Incoming, Payload};
use super::hooks::{Hooks, PacketHandle};
use super::host::{Host, PeerQueues};
use crate::abi::*;
use crate::wire::command::number;

/// What queueing an incoming command did.
pub(crate) enum Queued {
    /// Queued at this position of its channel queue (reliable or unreliable).
    At(usize),
    /// Dropped as a duplicate or outside the window (still acknowledged).
    Discarded,
}

/// The receive window a sequence number falls into, relative to the channel.
fn window_of(sequence: u16, channel_sequence: u16) -> (u32, u32) {
    let mut window = sequence as u32 / ENET_PEER_RELIABLE_WINDOW_SIZE;
    let current = channel_sequence as u32 / ENET_PEER_RELIABLE_WINDOW_SIZE;
    if sequence < channel_sequence {
        window += ENET_PEER_RELIABLE_WINDOWS as u32;
    }
    (window, current)
}

/// Whether a sequence number is within the windows a channel accepts.
pub(crate) fn in_receive_window(sequence: u16, channel_sequence: u16) -> bool {
    let (window, current) = window_of(sequence, channel_sequence);
    window >= current && window < current + ENET_PEER_FREE_RELIABLE_WINDOWS - 1
}

/// Where a reliable command with `sequence` goes in a reliable queue (the
/// index to insert at), or `None` if it is already queued.
fn reliable_position<P>(
    queue: &std::collections::VecDeque<Incoming<P>>,
    sequence: u16,
    channel_sequence: u16,
) -> Option<usize> {
    for (position, queued) in queue.iter().enumerate().rev() {
        if sequence >= channel_sequence {
            if queued.reliable_sequence_number < channel_sequence {
                continue;
            }
        } else if queued.reliable_sequence_number >= channel_sequence {
            return Some(position + 1);
        }
        if queued.reliable_sequence_number <= sequence {
            if queued.reliable_sequence_number < sequence {
                return Some(position + 1);
            }
            return None;
        }
    }
    Some(0)
}

/// Where an unreliable command goes in an unreliable queue, or `None` if it
/// is already queued.
fn unreliable_position<P>(
    queue: &std::collections::VecDeque<Incoming<P>>,
    sequence: u16,
    unreliable: u16,
    channel_sequence: u16,
) -> Option<usize> {
    for (position, queued) in queue.iter().enumerate().rev() {
        if queued.number == number::SEND_UNSEQUENCED {
            continue;
        }
        if sequence >= channel_sequence {
            if queued.reliable_sequence_number < channel_sequence {
                continue;
            }
        } else if queued.reliable_sequence_number >= channel_sequence {
            return Some(position + 1);
        }
        if queued.reliable_sequence_number < sequence {
            return Some(position + 1);
        }
        if queued.reliable_sequence_number > sequence {
            continue;
        }
        if queued.unreliable_sequence_number <= unreliable {
            if queued.unreliable_sequence_number < unreliable {
                return Some(position + 1);
            }
            return None;
        }
    }
    Some(0)
}

/// A received data command about to be queued.
pub(crate) struct NewIncoming<'a> {
    pub number: u8,
    pub channel_id: u8,
    pub reliable_sequence_number: u16,
    pub unreliable_sequence_number: u16,
    /// Payload to copy, or `None` for a reassembly buffer of `length` bytes.
    pub data: Option<&'a [u8]>,
    pub length: usize,
    pub flags: u32,
    pub fragment_count: u32,
}

impl<H: Hooks> Host<H> {
    /// Queues a received data command (`enet_peer_queue_incoming_command`).
    /// `Err(())` means the datagram's processing must stop (over the waiting
    /// data limit, out of memory, or a fragment start outside the window).
    pub(crate) fn queue_incoming(
        &mut self,
        index: usize,
        new: NewIncoming<'_>,
    ) -> Result<Queued, ()> {
        let discard = |fragment_count: u32| {
            if fragment_count > 0 {
                Err(())
            } else {
                Ok(Queued::Discarded)
            }
        };
        if super::peer::is(
            &self.peers[index],
            ENetPeerState::ENET_PEER_STATE_DISCONNECT_LATER,
        ) {
            return discard(new.fragment_count);
        }
        // The two numbers only, not a copy of the 80-byte channel.
        let channel = &self.sides[index].channels[new.channel_id as usize];
        let channel_sequence = channel.incomingReliableSequenceNumber;
        let channel_unreliable = channel.incomingUnreliableSequenceNumber;
        if new.number != number::SEND_UNSEQUENCED
            && !in_receive_window(new.reliable_sequence_number, channel_sequence)
        {
            return discard(new.fragment_count);
        }
        let reliable = matches!(new.number, number::SEND_RELIABLE | number::SEND_FRAGMENT);
        // The common case: the next reliable packet in order, with nothing
        // waiting before it. It would be queued and dispatched at once, so
        // it goes straight to the delivery queue.
        if reliable
            && new.fragment_count == 0
            && new.reliable_sequence_number == channel_sequence.wrapping_add(1)
        {
            let waiting = self.sides[index]
                .channel_queues(new.channel_id as usize)
                .is_some_and(|queues| !queues.reliable.is_empty());
            if !waiting {
                return self.deliver_in_order(index, new);
            }
        }
        // The common unreliable case: deliverable now (unsequenced, or next
        // in the current reliable packet's unreliable sequence) with nothing
        // queued before it on the channel.
        let deliverable_now = match new.number {
            number::SEND_UNSEQUENCED => true,
            number::SEND_UNRELIABLE => {
                new.reliable_sequence_number == channel_sequence
                    && new.unreliable_sequence_number > channel_unreliable
            }
            _ => false,
        };
        if deliverable_now {
            let waiting = self.sides[index]
                .channel_queues(new.channel_id as usize)
                .is_some_and(|queues| !queues.unreliable.is_empty());
            if !waiting {
                return self.deliver_unreliable_now(index, new);
            }
        }
        let queues = self.sides[index]
            .queues_mut(&mut self.queue_pool)
            .channel_mut(new.channel_id as usize, &mut self.queue_pool);
        let position = match new.number {
            number::SEND_RELIABLE | number::SEND_FRAGMENT => {
                if new.reliable_sequence_number == channel_sequence {
                    return discard(new.fragment_count);
                }
                reliable_position(
                    &queues.reliable,
                    new.reliable_sequence_number,
                    channel_sequence,
                )
            }
            number::SEND_UNRELIABLE | number::SEND_UNRELIABLE_FRAGMENT => {
                if new.reliable_sequence_number == channel_sequence
                    && new.unreliable_sequence_number <= channel_unreliable
                {
                    return discard(new.fragment_count);
                }
                unreliable_position(
                    &queues.unreliable,
                    new.reliable_sequence_number,
                    new.unreliable_sequence_number,
                    channel_sequence,
                )
            }
            number::SEND_UNSEQUENCED => Some(queues.unreliable.len()),
            _ => None,
        };
        let Some(position) = position else {
            return discard(new.fragment_count);
        };
        // The waiting-data limit. Upstream applies it to every command, which
        // can deadlock: out-of-order packets fill the budget and the missing
        // in-order one is then refused forever. The command that fills the
        // gap is admitted as long as the *readable* data (delivered, not yet
        // taken by the application) is under the limit, which still bounds
        // a peer's memory to about twice the limit.
        let fills_gap =
            reliable && new.reliable_sequence_number == channel_sequence.wrapping_add(1);
        let waiting = if fills_gap {
            self.sides[index].dispatched_bytes()
        } else {
            self.peers[index].totalWaitingData
        };
        if waiting >= self.raw.maximumWaitingData {
            return Err(());
        }
        // The command budget, with the same exemption for the gap filler.
        let queues = self.sides[index].queues_mut(&mut self.queue_pool);
        let commands = if fills_gap {
            queues.dispatched.len()
        } else {
            queues.queued_commands
        };
        if commands >= super::host::MAXIMUM_QUEUED_COMMANDS {
            return Err(());
        }
        let payload = self.new_payload(index, &new)?;
        let fragments = if new.fragment_count > 0 {
            vec![0u32; (new.fragment_count as usize).div_ceil(32)]
        } else {
            Vec::new()
        };
        let incoming = Incoming {
            reliable_sequence_number: new.reliable_sequence_number,
            unreliable_sequence_number: new.unreliable_sequence_number,
            number: new.number,
            channel_id: new.channel_id,
            fragment_count: new.fragment_count,
            fragments_remaining: new.fragment_count,
            fragments,
            payload,
        };
        let queues = self.sides[index].queues_mut(&mut self.queue_pool);
        queues.queued_commands += 1;
        let queues = queues.channel_mut(new.channel_id as usize, &mut self.queue_pool);
        if reliable {
            self.queue_pool
                .incoming
                .insert(&mut queues.reliable, position, incoming);
            self.dispatch_incoming_reliable(index, new.channel_id as usize);
        } else {
            self.queue_pool
                .incoming
                .insert(&mut queues.unreliable, position, incoming);
            return Ok(self.dispatch_incoming_unreliable(
                index,
                new.channel_id as usize,
                Some(position),
            ));
        }
        Ok(Queued::At(position))
    }

    /// The data of a received command: a packet with a copy of the payload
    /// (taking the queue's reference) or an empty reassembly buffer. Counts
    /// it as waiting data.
    #[inline(always)]
    fn new_payload(
        &mut self,
        index: usize,
        new: &NewIncoming<'_>,
    ) -> Result<Payload<H::Packet>, ()> {
        let payload = match new.data {
            Some(data) => {
                let packet = self.hooks.create_packet(data, new.flags).ok_or(())?;
                packet.acquire();
                Payload::Packet(packet)
            }
            None => Payload::Assembling {
                buffer: vec![0; new.length],
                flags: new.flags,
            },
        };
        self.peers[index].totalWaitingData += payload.len();
        Ok(payload)
    }

    /// Delivers a complete reliable command that is next in order on a
    /// channel whose reliable queue is empty: what queueing it and
    /// [`Host::dispatch_incoming_reliable`] would do, without the queue.
    #[inline(always)]
    fn deliver_in_order(&mut self, index: usize, new: NewIncoming<'_>) -> Result<Queued, ()> {
        // The limits as for any command filling the gap (see
        // `queue_incoming`).
        if self.sides[index].dispatched_bytes() >= self.raw.maximumWaitingData {
            return Err(());
        }
        if self.sides[index]
            .queues
            .as_ref()
            .is_some_and(|queues| queues.dispatched.len() >= super::host::MAXIMUM_QUEUED_COMMANDS)
        {
            return Err(());
        }
        let payload = self.new_payload(index, &new)?;
        let length = payload.len();
        let incoming = whole_packet(&new, payload);
        let side = &mut self.sides[index];
        let channel = &mut side.channels[new.channel_id as usize];
        channel.incomingReliableSequenceNumber = new.reliable_sequence_number;
        channel.incomingUnreliableSequenceNumber = 0;
        let queues = side.queues_mut(&mut self.queue_pool);
        queues.queued_commands += 1;
        queues.dispatched_bytes += length;
        self.queue_pool
            .incoming
            .push_back(&mut queues.dispatched, incoming);
        let unreliable_waiting = queues
            .channels
            .get(new.channel_id as usize)
            .is_some_and(|queues| !queues.unreliable.is_empty());
        self.queue_for_dispatch(index);
        if unreliable_waiting {
            self.dispatch_incoming_unreliable(index, new.channel_id as usize, None);
        }
        Ok(Queued::At(0))
    }

    /// Delivers an unsequenced command, or an unreliable one next in its
    /// sequence, on a channel whose unreliable queue is empty: what queueing
    /// it and [`Host::dispatch_incoming_unreliable`] would do (the scan finds
    /// it deliverable at once), without the queue.
    #[inline(always)]
    fn deliver_unreliable_now(&mut self, index: usize, new: NewIncoming<'_>) -> Result<Queued, ()> {
        // The limits as for any command that does not fill a reliable gap.
        if self.peers[index].totalWaitingData >= self.raw.maximumWaitingData {
            return Err(());
        }
        if self.sides[index]
            .queues
            .as_ref()
            .is_some_and(|queues| queues.queued_commands >= super::host::MAXIMUM_QUEUED_COMMANDS)
        {
            return Err(());
        }
        let payload = self.new_payload(index, &new)?;
        let length = payload.len();
        let incoming = whole_packet(&new, payload);
        let side = &mut self.sides[index];
        if new.number == number::SEND_UNRELIABLE {
            side.channels[new.channel_id as usize].incomingUnreliableSequenceNumber =
                new.unreliable_sequence_number;
        }
        let queues = side.queues_mut(&mut self.queue_pool);
        queues.queued_commands += 1;
        queues.dispatched_bytes += length;
        self.queue_pool
            .incoming
            .push_back(&mut queues.dispatched, incoming);
        self.queue_for_dispatch(index);
        // As the queued path reports a command delivered at once.
        Ok(Queued::Discarded)
    }

    /// Moves the in-order prefix of a channel's reliable queue to the
    /// peer's delivery queue.
    pub(crate) fn dispatch_incoming_reliable(&mut self, index: usize, channel_id: usize) {
        let side = &mut self.sides[index];
        let channel = &mut side.channels[channel_id];
        let Some(queues) = side.queues.as_deref_mut() else {
            return;
        };
        let PeerQueues {
            channels,
            dispatched,
            dispatched_bytes,
            ..
        } = queues;
        let Some(queue) = channels.get_mut(channel_id) else {
            return;
        };
        let queue = &mut queue.reliable;
        let mut ready = 0;
        for incoming in queue.iter() {
            if incoming.fragments_remaining > 0
                || incoming.reliable_sequence_number
                    != channel.incomingReliableSequenceNumber.wrapping_add(1)
            {
                break;
            }
            channel.incomingReliableSequenceNumber = incoming.reliable_sequence_number;
            if incoming.fragment_count > 0 {
                channel.incomingReliableSequenceNumber = channel
                    .incomingReliableSequenceNumber
                    .wrapping_add((incoming.fragment_count - 1) as u16);
            }
            ready += 1;
        }
        if ready == 0 {
            return;
        }
        channel.incomingUnreliableSequenceNumber = 0;
        for incoming in (0..ready).map_while(|_| queue.pop_front()) {
            *dispatched_bytes += incoming.payload.len();
            self.queue_pool.incoming.push_back(dispatched, incoming);
        }
        let unreliable_waiting = !channels[channel_id].unreliable.is_empty();
        self.queue_for_dispatch(index);
        if unreliable_waiting {
            self.dispatch_incoming_unreliable(index, channel_id, None);
        }
    }

    /// Delivers what can be delivered from a channel's unreliable queue and
    /// drops what has been overtaken. `keep` is the position of a command
    /// just queued, which is never dropped here (its caller still uses it).
    /// Returns where that command ended up.
    pub(crate) fn dispatch_incoming_unreliable(
        &mut self,
        index: usize,
        channel_id: usize,
        keep: Option<usize>,
    ) -> Queued {
        let side = &mut self.sides[index];
        let channel = &mut side.channels[channel_id];
        let Some(queues) = side.queues.as_deref_mut() else {
            return Queued::Discarded;
        };
        let PeerQueues {
            channels,
            dispatched,
            dispatched_bytes,
            queued_commands,
            ..
        } = queues;
        let Some(queue) = channels.get_mut(channel_id) else {
            return Queued::Discarded;
        };
        let queue = &mut queue.unreliable;
        let length = queue.len();
        let sequence = channel.incomingReliableSequenceNumber;
        // A "stop": a command that is neither deliverable now (unsequenced,
        // or complete and following the last delivered reliable packet) nor
        // still ahead in the window. Every command before the scan's end
        // that is not a stop is delivered (the runs between stops).
        let is_stop = |incoming: &Incoming<H::Packet>| {
            incoming.number != number::SEND_UNSEQUENCED
                && !(incoming.reliable_sequence_number == sequence
                    && incoming.fragments_remaining == 0)
        };
        // Positions in the original queue: `start` begins the run not yet
        // delivered; everything live before `dropped` is discarded at the end.
        let mut start = 0;
        let mut dropped = 0;
        let mut current = 0;
        let mut last_stop = None;
        while current < length {
            let incoming = &queue[current];
            if incoming.number == number::SEND_UNSEQUENCED {
                current += 1;
                continue;
            }
            if incoming.reliable_sequence_number == sequence {
                if incoming.fragments_remaining == 0 {
                    channel.incomingUnreliableSequenceNumber = incoming.unreliable_sequence_number;
                    current += 1;
                    continue;
                }
                if start != current {
                    dropped = current;
                } else if dropped != current {
                    // The live command before this one (everything between
                    // was delivered or is this position): the last stop.
                    dropped = last_stop.unwrap_or(0);
                }
            } else {
                if in_receive_window(incoming.reliable_sequence_number, sequence) {
                    break;
                }
                dropped = current + 1;
            }
            last_stop = Some(current);
            start = current + 1;
            current += 1;
        }
        let end = current;
        if start != end {
            dropped = end;
        }
        // Apply in one rotation of the queue (no allocation): deliver in
        // order, drop live commands before `dropped` (except `keep`), put
        // the rest back in order.
        let mut kept_position = None;
        let mut kept = 0;
        let mut delivered_any = false;
        let mut released = 0usize;
        for position in 0..length {
            let Some(incoming) = queue.pop_front() else {
                break;
            };
            if position < end && !is_stop(&incoming) {
                *dispatched_bytes += incoming.payload.len();
                self.queue_pool.incoming.push_back(dispatched, incoming);
                delivered_any = true;
            } else if position < dropped && Some(position) != keep {
                released += incoming.payload.len();
                *queued_commands = queued_commands.saturating_sub(1);
                incoming.payload.release();
            } else {
                if Some(position) == keep {
                    kept_position = Some(kept);
                }
                kept += 1;
                queue.push_back(incoming);
            }
        }
        let peer = &mut self.peers[index];
        peer.totalWaitingData = peer.totalWaitingData.saturating_sub(released);
        if delivered_any {
            self.queue_for_dispatch(index);
        }
        match (keep, kept_position) {
            (Some(_), Some(position)) => Queued::At(position),
            (Some(_), None) => Queued::Discarded,
            _ => Queued::Discarded,
        }
    }
}

/// A received command that is a whole packet (not fragments), as queued.
#[inline(always)]
fn whole_packet<P>(new: &NewIncoming<'_>, payload: Payload<P>) -> Incoming<P> {
    Incoming {
        reliable_sequence_number: new.reliable_sequence_number,
        unreliable_sequence_number: new.unreliable_sequence_number,
        number: new.number,
        channel_id: new.channel_id,
        fragment_count: 0,
        fragments_remaining: 0,
        fragments: Vec::new(),
        payload,
    }
}
