//! Turning peer state changes and delivered packets into events
//! (upstream's `enet_protocol_dispatch_incoming_commands`).

use std::collections::VecDeque;

use super::hooks::Hooks;
use super::host::Host;
use super::Event;
use crate::abi::ENetPeerState::*;
use crate::abi::*;

impl<H: Hooks> Host<H> {
    /// The next event, if any: connections completed, peers disconnected or
    /// timed out, packets delivered (one per peer in turn).
    pub fn poll_event(&mut self) -> Option<Event<H::Packet>> {
        if let Some(event) = self.events.pop_front() {
            release_if_drained(&mut self.events);
            return Some(event);
        }
        while let Some(index) = self.dispatch_queue.pop_front() {
            release_if_drained(&mut self.dispatch_queue);
            self.peers[index].flags &= !(ENetPeerFlag::ENET_PEER_FLAG_NEEDS_DISPATCH as u16);
            let state = self.peers[index].state;
            if state == ENET_PEER_STATE_CONNECTION_PENDING as u32
                || state == ENET_PEER_STATE_CONNECTION_SUCCEEDED as u32
            {
                self.change_state(index, ENET_PEER_STATE_CONNECTED);
                let now = self.raw.serviceTime;
                self.schedule(index, now);
                return Some(Event::Connect {
                    peer: index,
                    data: self.peers[index].eventData,
                });
            }
            if state == ENET_PEER_STATE_ZOMBIE as u32 {
                self.raw.recalculateBandwidthLimits = 1;
                let data = self.peers[index].eventData;
                self.reset_peer(index);
                return Some(Event::Disconnect { peer: index, data });
            }
            if state == ENET_PEER_STATE_CONNECTED as u32 {
                let Some((channel_id, packet)) = self.receive(index) else {
                    continue;
                };
                if self.sides[index].has_dispatched() {
                    self.queue_for_dispatch(index);
                }
                return Some(Event::Receive {
                    peer: index,
                    channel_id,
                    packet,
                });
            }
        }
        None
    }

    /// Whether an event is waiting (without taking it).
    pub fn has_pending_events(&self) -> bool {
        !self.events.is_empty() || !self.dispatch_queue.is_empty()
    }
}

/// Most elements' room the host's event queues keep once drained: a burst
/// (thousands of peers connecting at once) would otherwise leave its whole
/// size allocated.
const KEPT_EVENT_ROOM: usize = 256;

/// Frees a drained queue's buffer if a burst made it large.
fn release_if_drained<T>(queue: &mut VecDeque<T>) {
    if queue.is_empty() && queue.capacity() > KEPT_EVENT_ROOM {
        *queue = VecDeque::new();
    }
}
