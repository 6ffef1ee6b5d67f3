//! Which peers have work due, so a service pass touches only those.
//!
//! Upstream walks every peer slot on every send pass. Here a peer is looked
//! at only if (a) something was queued for it since its last pass (it is
//! *ready*), or (b) its timer expired: the retransmission timeout of its
//! oldest unacknowledged command, or its ping interval. Timers live in a
//! binary heap keyed by an extended 64-bit clock (so the wrap of ENet's
//! 32-bit millisecond clock does not disturb the ordering). A timer moving
//! later (the common case: every pass pushes the next ping back) leaves the
//! peer's heap entry in place, to be moved when it comes up; only a timer
//! moving earlier pushes a new entry, and the superseded one is skipped
//! lazily. So the heap holds about one entry a peer. A pass costs
//! O(k log n) for k due peers.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Bits of a heap key that hold the peer index (peer IDs are 12-bit).
const PEER_BITS: u32 = 12;
/// `due` of a peer without a timer.
const NO_TIMER: i64 = i64::MIN;

/// A heap key: the due time and the peer in one word (8 bytes an entry
/// instead of 16), ordered by time first.
fn key(at: i64, peer: usize) -> i64 {
    debug_assert!(peer < 1 << PEER_BITS);
    (at << PEER_BITS) | peer as i64
}

/// The due time and peer of a heap key.
fn unkey(key: i64) -> (i64, usize) {
    (key >> PEER_BITS, (key & ((1 << PEER_BITS) - 1)) as usize)
}

/// Timers and ready flags of all peers of a host.
#[derive(Debug)]
pub(crate) struct Scheduler {
    heap: BinaryHeap<Reverse<i64>>,
    /// The time each peer next needs a pass ([`NO_TIMER`] if none).
    due: Vec<i64>,
    /// The time of each peer's live heap entry ([`NO_TIMER`] if none); at
    /// most its `due` (an entry is pushed whenever `due` moves earlier).
    queued: Vec<i64>,
    ready: Vec<bool>,
    ready_list: Vec<usize>,
    /// Extended clock: the last ENet time seen and its 64-bit value.
    last_now: u32,
    extended: i64,
    /// Peers looked at by the last call of `due_peers` (for scale tests).
    pub touched: usize,
}

impl Scheduler {
    pub fn new(peer_count: usize) -> Self {
        Scheduler {
            heap: BinaryHeap::new(),
            due: vec![NO_TIMER; peer_count],
            queued: vec![NO_TIMER; peer_count],
            ready: vec![false; peer_count],
            ready_list: Vec::new(),
            last_now: 0,
            extended: 0,
            touched: 0,
        }
    }

    /// Maps ENet time onto the extended clock. Steps are taken as signed 32-bit
    /// differences, so `enet_time_set` moving the clock back works too.
    pub fn extend(&mut self, now: u32) -> i64 {
        let step = now.wrapping_sub(self.last_now) as i32;
        self.last_now = now;
        self.extended += step as i64;
        self.extended
    }

    /// Marks a peer as having queued work.
    pub fn mark_ready(&mut self, peer: usize) {
        if !self.ready[peer] {
            self.ready[peer] = true;
            self.ready_list.push(peer);
        }
    }

    /// Sets (or clears) the time at which a peer next needs a pass.
    pub fn set_timer(&mut self, peer: usize, now: u32, due: Option<u32>) {
        let due = due.map(|due| {
            let base = self.extend(now);
            base + due.wrapping_sub(now) as i32 as i64
        });
        let due = due.unwrap_or(NO_TIMER);
        self.due[peer] = due;
        if due != NO_TIMER && (self.queued[peer] == NO_TIMER || due < self.queued[peer]) {
            self.queued[peer] = due;
            self.heap.push(Reverse(key(due, peer)));
        }
    }

    /// Pops the heap's top entry, `at` for `peer`: returns whether the
    /// peer's timer has expired by `now`. A live entry whose timer moved
    /// later is pushed again at the new time; a superseded one is dropped.
    fn pop_top(&mut self, at: i64, peer: usize, now: i64) -> bool {
        self.heap.pop();
        if self.queued[peer] != at {
            return false;
        }
        let due = self.due[peer];
        if due == NO_TIMER {
            self.queued[peer] = NO_TIMER;
            return false;
        }
        if due > now {
            self.queued[peer] = due;
            self.heap.push(Reverse(key(due, peer)));
            return false;
        }
        self.queued[peer] = NO_TIMER;
        self.due[peer] = NO_TIMER;
        true
    }

    /// The peers needing a pass at `now`, in index order; clears their ready
    /// flags and expired timers.
    pub fn due_peers(&mut self, now: u32, out: &mut Vec<usize>) {
        let now = self.extend(now);
        out.clear();
        out.append(&mut self.ready_list);
        let mut touched = out.len();
        while let Some(&Reverse(entry)) = self.heap.peek() {
            let (at, peer) = unkey(entry);
            if at > now {
                break;
            }
            touched += 1;
            if self.pop_top(at, peer, now) && !self.ready[peer] {
                out.push(peer);
            }
        }
        for &peer in out.iter() {
            self.ready[peer] = false;
        }
        out.sort_unstable();
        out.dedup();
        self.touched = touched;
    }

    /// Forgets everything about a peer (it was reset).
    pub fn forget(&mut self, peer: usize) {
        self.due[peer] = NO_TIMER;
    }

    /// The earliest pending timer, as ENet time, if any. Drops superseded
    /// entries from the top of the heap on the way.
    pub fn next_due(&mut self) -> Option<u32> {
        while let Some(&Reverse(entry)) = self.heap.peek() {
            let (at, peer) = unkey(entry);
            if self.queued[peer] == at && self.due[peer] == at {
                return Some(self.last_now.wrapping_add((at - self.extended) as u32));
            }
            // Superseded, cleared, or moved later (`at` is before its due
            // time, so the pop cannot report it expired).
            self.pop_top(at, peer, at);
        }
        None
    }
}
