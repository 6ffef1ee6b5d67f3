//! The host: its C-visible struct, its peers and their side storage, and
//! the host-level operations (create, connect, broadcast, limits).

use std::collections::VecDeque;
use std::net::SocketAddr;

use super::commands::{command, Acknowledgement, Incoming, Outgoing};
use super::hooks::{Hooks, PacketHandle};
use super::scheduler::Scheduler;
use super::{address, random, Event};
use crate::abi::*;
use crate::wire::command::FLAG_ACKNOWLEDGE;
use crate::wire::{Body, ConnectParameters};

/// Channel ID of connection management commands.
pub(crate) const CONTROL_CHANNEL: u8 = 0xFF;

/// How a host is set up (`enet_host_create`'s arguments and a seed).
#[derive(Debug, Clone, Copy)]
pub struct HostConfig {
    /// Number of peer slots (at most 4095).
    pub peer_count: usize,
    /// Most channels a connection may use (0 or more than 255: 255).
    pub channel_limit: usize,
    /// Downstream bandwidth in bytes per second (0: unlimited).
    pub incoming_bandwidth: u32,
    /// Upstream bandwidth in bytes per second (0: unlimited).
    pub outgoing_bandwidth: u32,
    /// Seed of the host's random generator (connect IDs).
    pub seed: u32,
}

/// Per-channel queues of received commands.
#[derive(Debug)]
pub(crate) struct ChannelQueues<P> {
    pub reliable: VecDeque<Incoming<P>>,
    pub unreliable: VecDeque<Incoming<P>>,
}

impl<P> Default for ChannelQueues<P> {
    fn default() -> Self {
        ChannelQueues {
            reliable: VecDeque::new(),
            unreliable: VecDeque::new(),
        }
    }
}

/// Everything about a peer that is not in its C-visible `ENetPeer`.
///
/// Kept small: a host has one per peer slot, and most connected peers are
/// idle at any moment. Their command queues live in [`PeerQueues`], which a
/// peer holds only while something is queued (see [`PeerSide::trim`]).
#[derive(Debug)]
pub(crate) struct PeerSide<P> {
    pub address: Option<SocketAddr>,
    /// The C-visible channel array (`peer->channels` points here).
    pub channels: Box<[ENetChannel]>,
    /// The command queues; `None` while all of them are empty.
    pub queues: Option<Box<PeerQueues<P>>>,
    /// When the CONNECT that opened this slot arrived (for evicting the
    /// oldest half-open connection).
    pub connect_received: u32,
}

/// A peer's command queues, allocated when a command is queued and freed
/// when the peer is idle again.
#[derive(Debug)]
pub(crate) struct PeerQueues<P> {
    /// Received commands per channel (only as many channels as have had
    /// one: a peer that only sends never needs them).
    pub channels: Vec<ChannelQueues<P>>,
    pub acknowledgements: VecDeque<Acknowledgement>,
    pub sent_reliable: VecDeque<Outgoing<P>>,
    /// Commands without a reliable packet (control, unreliable, unsequenced).
    pub outgoing: VecDeque<Outgoing<P>>,
    /// Reliable commands carrying packet data (held back by the window).
    pub outgoing_reliable: VecDeque<Outgoing<P>>,
    /// Delivered packets waiting for the application.
    pub dispatched: VecDeque<Incoming<P>>,
    /// Bytes in `dispatched` (the part of `totalWaitingData` the
    /// application could read now).
    pub dispatched_bytes: usize,
    /// Received commands held for this peer: in the channel queues and in
    /// `dispatched` (bounded by [`MAXIMUM_QUEUED_COMMANDS`]).
    pub queued_commands: usize,
}

impl<P> Default for PeerQueues<P> {
    fn default() -> Self {
        PeerQueues {
            channels: Vec::new(),
            acknowledgements: VecDeque::new(),
            sent_reliable: VecDeque::new(),
            outgoing: VecDeque::new(),
            outgoing_reliable: VecDeque::new(),
            dispatched: VecDeque::new(),
            dispatched_bytes: 0,
            queued_commands: 0,
        }
    }
}

impl<P> PeerQueues<P> {
    /// The received-command queues of channel `channel_id`, created on
    /// demand (the channel array from the pool if the peer has none).
    #[inline]
    pub fn channel_mut(
        &mut self,
        channel_id: usize,
        pool: &mut QueuePool<P>,
    ) -> &mut ChannelQueues<P> {
        if self.channels.len() <= channel_id {
            if self.channels.capacity() == 0 {
                self.channels = pool.channels.take().unwrap_or_default();
            }
            self.channels
                .resize_with(channel_id + 1, ChannelQueues::default);
        }
        &mut self.channels[channel_id]
    }

    /// Whether no queue holds more than [`SMALL_QUEUE`] elements' room.
    fn is_small(&self) -> bool {
        self.acknowledgements.capacity() <= SMALL_QUEUE
            && self.sent_reliable.capacity() <= SMALL_QUEUE
            && self.outgoing.capacity() <= SMALL_QUEUE
            && self.outgoing_reliable.capacity() <= SMALL_QUEUE
            && self.dispatched.capacity() <= SMALL_QUEUE
            && self.channels.iter().all(|queues| {
                queues.reliable.capacity() <= SMALL_QUEUE
                    && queues.unreliable.capacity() <= SMALL_QUEUE
            })
    }

    /// Whether nothing at all is queued.
    fn is_empty(&self) -> bool {
        self.acknowledgements.is_empty()
            && self.sent_reliable.is_empty()
            && self.outgoing.is_empty()
            && self.outgoing_reliable.is_empty()
            && self.dispatched.is_empty()
            && self
                .channels
                .iter()
                .all(|queues| queues.reliable.is_empty() && queues.unreliable.is_empty())
    }

    /// Gives the buffers of the empty send-side and delivery queues to the
    /// pool (small ones; large ones are freed unless `keep_large`).
    fn shed_empty(&mut self, pool: &mut QueuePool<P>, keep_large: bool) {
        pool.acknowledgements
            .give(&mut self.acknowledgements, keep_large);
        pool.outgoing.give(&mut self.outgoing, keep_large);
        pool.outgoing.give(&mut self.outgoing_reliable, keep_large);
        pool.outgoing.give(&mut self.sent_reliable, keep_large);
        pool.incoming.give(&mut self.dispatched, keep_large);
    }

    /// Heap bytes: this struct and every queue's buffer (element room, not
    /// just the elements in it).
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        use core::mem::size_of;
        size_of::<Self>()
            + self.acknowledgements.capacity() * size_of::<Acknowledgement>()
            + (self.sent_reliable.capacity()
                + self.outgoing.capacity()
                + self.outgoing_reliable.capacity())
                * size_of::<Outgoing<P>>()
            + self.dispatched.capacity() * size_of::<Incoming<P>>()
            + self.channels.capacity() * size_of::<ChannelQueues<P>>()
            + self
                .channels
                .iter()
                .map(|channel| {
                    (channel.reliable.capacity() + channel.unreliable.capacity())
                        * size_of::<Incoming<P>>()
                })
                .sum::<usize>()
    }
}

impl<P> PeerSide<P> {
    /// The peer's queues, taken from the host's pool (or allocated) if it
    /// has none.
    #[inline]
    pub fn queues_mut(&mut self, pool: &mut QueuePool<P>) -> &mut PeerQueues<P> {
        if self.queues.is_none() {
            self.take_queues(pool);
        }
        match self.queues.as_deref_mut() {
            Some(queues) => queues,
            None => unreachable!("queues were just taken"),
        }
    }

    #[cold]
    #[inline(never)]
    fn take_queues(&mut self, pool: &mut QueuePool<P>) {
        self.queues = Some(pool.queues.take().unwrap_or_default());
    }

    /// Gives memory back after a peer's send pass or after the application
    /// took a packet. If nothing is queued the queues go back to the host's
    /// [`QueuePool`]: an idle connected peer then costs its `ENetPeer`, its
    /// channels and this small struct, close to upstream's footprint, and
    /// the next peer with something to queue takes them without allocating
    /// (a broadcast makes every receiver busy and idle again on every
    /// round). Queues that had to grow for a burst are kept while the peer
    /// stays busy (freeing them would make a stream allocate and copy its
    /// queues again on every pass) unless `force` (the peer has been quiet
    /// for a ping interval). Otherwise the small buffers of a busy peer's
    /// empty queues go to the pool too: a peer with one reliable command in
    /// flight holds that command's room, not a queue of every kind.
    pub fn trim(&mut self, force: bool, pool: &mut QueuePool<P>) {
        let Some(queues) = self.queues.as_deref_mut() else {
            return;
        };
        if queues.is_empty() {
            if force || queues.is_small() {
                debug_assert_eq!(queues.queued_commands, 0);
                if let Some(queues) = self.queues.take() {
                    pool.give(queues);
                }
            }
            return;
        }
        queues.shed_empty(pool, !force);
    }

    /// The received-command queues of channel `channel_id`, if the peer
    /// has any.
    pub fn channel_queues(&self, channel_id: usize) -> Option<&ChannelQueues<P>> {
        self.queues.as_deref()?.channels.get(channel_id)
    }

    /// Whether reliable commands are waiting for acknowledgement.
    pub fn has_sent_reliable(&self) -> bool {
        self.queues
            .as_ref()
            .is_some_and(|queues| !queues.sent_reliable.is_empty())
    }

    /// Whether commands are waiting to be sent.
    pub fn has_unsent(&self) -> bool {
        self.queues.as_ref().is_some_and(|queues| {
            !queues.outgoing.is_empty() || !queues.outgoing_reliable.is_empty()
        })
    }

    /// Whether delivered packets wait for the application.
    pub fn has_dispatched(&self) -> bool {
        self.queues
            .as_ref()
            .is_some_and(|queues| !queues.dispatched.is_empty())
    }

    /// Bytes delivered and waiting for the application.
    pub fn dispatched_bytes(&self) -> usize {
        self.queues
            .as_ref()
            .map_or(0, |queues| queues.dispatched_bytes)
    }
}

/// Empty queue buffers with room for at most this many elements go to the
/// [`QueuePool`]; larger ones are kept while their peer is busy and freed
/// once it is quiet (see [`PeerSide::trim`]).
const SMALL_QUEUE: usize = 8;

/// Spare items of one kind with a low-water mark: the fewest held since
/// the last sweep, that many having gone unused for a whole interval.
#[derive(Debug)]
pub(crate) struct Spares<T> {
    items: Vec<T>,
    low: usize,
}

impl<T> Default for Spares<T> {
    fn default() -> Self {
        Spares {
            items: Vec::new(),
            low: 0,
        }
    }
}

impl<T> Spares<T> {
    /// A spare item, if any.
    pub fn take(&mut self) -> Option<T> {
        let item = self.items.pop()?;
        self.low = self.low.min(self.items.len());
        // The list itself shrinks with its items (a burst would otherwise
        // leave its length's worth of room until the next sweep).
        if self.items.capacity() > 32 && self.items.len() < self.items.capacity() / 4 {
            self.items.shrink_to(self.items.capacity() / 2);
        }
        Some(item)
    }

    fn put(&mut self, item: T) {
        self.items.push(item);
    }

    /// Frees the items not needed since the last sweep (the oldest: items
    /// are taken from the top).
    fn sweep(&mut self) {
        let unused = self.low.min(self.items.len());
        self.items.drain(..unused);
        if self.items.is_empty() {
            self.items = Vec::new();
        } else if self.items.capacity() > 2 * self.items.len() {
            self.items.shrink_to_fit();
        }
        self.low = self.items.len();
    }

    /// Items held.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.items.len()
    }
}

impl<T> Spares<VecDeque<T>> {
    /// Takes an empty queue's buffer: into the pool if it is small, freed if
    /// large (unless `keep_large`: the queue then keeps it).
    fn give(&mut self, queue: &mut VecDeque<T>, keep_large: bool) {
        if !queue.is_empty() || queue.capacity() == 0 {
            return;
        }
        if queue.capacity() <= SMALL_QUEUE {
            self.put(std::mem::take(queue));
        } else if !keep_large {
            *queue = VecDeque::new();
        }
    }

    /// Appends to a queue. A queue without a buffer takes a spare one, or
    /// gets room for one element (a peer mostly has one command of a kind
    /// at a time; the standard growth would reserve four), and grows as
    /// usual from there.
    #[inline(always)]
    pub fn push_back(&mut self, queue: &mut VecDeque<T>, value: T) {
        if queue.capacity() == 0 {
            self.fill(queue);
        }
        queue.push_back(value);
    }

    /// Inserts into a queue, taking a buffer like [`Spares::push_back`].
    #[inline]
    pub fn insert(&mut self, queue: &mut VecDeque<T>, position: usize, value: T) {
        if queue.capacity() == 0 {
            self.fill(queue);
        }
        queue.insert(position, value);
    }

    #[cold]
    #[inline(never)]
    fn fill(&mut self, queue: &mut VecDeque<T>) {
        match self.take() {
            Some(buffer) => *queue = buffer,
            None => queue.reserve_exact(1),
        }
    }
}

/// Received-command queues a pooled channel array keeps room for (a larger
/// one is freed: a peer rarely uses many channels).
const POOLED_CHANNELS: usize = 4;

/// A host's spare command-queue memory: the queue structs of idle peers and
/// the small buffers of empty queues, recycled to the next peer that queues
/// something, so a peer going busy and idle again (every receiver of a
/// broadcast, on every round) allocates nothing. Every item was in use by a
/// peer at some moment, so the pool never holds more than the host's peers
/// held at once; what the host did not need for a whole
/// [`QUEUE_POOL_SWEEP_INTERVAL`] is freed by [`QueuePool::sweep`], so a
/// host whose peers went quiet holds nothing after two intervals.
#[derive(Debug)]
pub(crate) struct QueuePool<P> {
    /// Queue structs without buffers.
    pub queues: Spares<Box<PeerQueues<P>>>,
    /// Empty channel arrays (room for at most [`POOLED_CHANNELS`]).
    pub channels: Spares<Vec<ChannelQueues<P>>>,
    pub acknowledgements: Spares<VecDeque<Acknowledgement>>,
    pub outgoing: Spares<VecDeque<Outgoing<P>>>,
    pub incoming: Spares<VecDeque<Incoming<P>>>,
    /// When the pool was last swept (ENet time).
    pub last_sweep: u32,
}

/// How often (ms) the queue pool frees what it did not need. Short: the
/// pool is for peers that are busy again within milliseconds (a broadcast's
/// receivers); an item unused for this long saves an allocation at most
/// every so often, while a burst's worth of items would hold memory.
pub(crate) const QUEUE_POOL_SWEEP_INTERVAL: u32 = 100;

impl<P> Default for QueuePool<P> {
    fn default() -> Self {
        QueuePool {
            queues: Spares::default(),
            channels: Spares::default(),
            acknowledgements: Spares::default(),
            outgoing: Spares::default(),
            incoming: Spares::default(),
            last_sweep: 0,
        }
    }
}

impl<P> QueuePool<P> {
    /// Takes back a peer's empty queues: the struct and its small buffers
    /// are kept apart, so the next peer takes only the buffers it uses.
    pub fn give(&mut self, mut queues: Box<PeerQueues<P>>) {
        debug_assert!(queues.is_empty());
        queues.shed_empty(self, false);
        // Anything left is large: free it.
        queues.acknowledgements = VecDeque::new();
        queues.outgoing = VecDeque::new();
        queues.outgoing_reliable = VecDeque::new();
        queues.sent_reliable = VecDeque::new();
        queues.dispatched = VecDeque::new();
        let mut channels = std::mem::take(&mut queues.channels);
        for channel in &mut channels {
            self.incoming.give(&mut channel.reliable, false);
            self.incoming.give(&mut channel.unreliable, false);
        }
        channels.clear();
        if channels.capacity() != 0 && channels.capacity() <= POOLED_CHANNELS {
            self.channels.put(channels);
        }
        queues.dispatched_bytes = 0;
        queues.queued_commands = 0;
        self.queues.put(queues);
    }

    /// Frees what was not needed since the last sweep.
    pub fn sweep(&mut self, now: u32) {
        self.last_sweep = now;
        self.queues.sweep();
        self.channels.sweep();
        self.acknowledgements.sweep();
        self.outgoing.sweep();
        self.incoming.sweep();
    }

    /// Heap bytes held: queue structs and buffers' room.
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        use core::mem::size_of;
        fn room<T>(spares: &Spares<VecDeque<T>>) -> usize {
            spares
                .items
                .iter()
                .map(|queue| queue.capacity() * size_of::<T>())
                .sum()
        }
        self.queues.len() * size_of::<PeerQueues<P>>()
            + self
                .channels
                .items
                .iter()
                .map(|channels| channels.capacity() * size_of::<ChannelQueues<P>>())
                .sum::<usize>()
            + room(&self.acknowledgements)
            + room(&self.outgoing)
            + room(&self.incoming)
    }
}

/// Most received commands a peer may have queued (out of order, reassembling
/// or waiting for the application). `maximumWaitingData` bounds their bytes,
/// but empty packets weigh nothing there, so without a count a peer could
/// park hundreds of thousands of empty commands across its channels. A
/// sender over the budget is refused like one over the waiting-data limit:
/// its reliable commands are retransmitted later; nothing is lost. Legitimate
/// traffic stays far below it (a sender keeps at most 32 768 reliable
/// commands of a channel in flight).
pub const MAXIMUM_QUEUED_COMMANDS: usize = 65_536;

impl<P> Default for PeerSide<P> {
    fn default() -> Self {
        PeerSide {
            address: None,
            channels: Box::new([]),
            queues: None,
            connect_received: 0,
        }
    }
}

/// Most sent datagrams' buffers a host keeps for reuse. A send pass takes
/// one per datagram; a few serve a busy connection, and a pass to thousands
/// of peers allocates anyway, so a large pool (it was 64) only held memory.
const SPARE_DATAGRAM_BUFFERS: usize = 16;

/// Datagrams a send pass makes before offering them to the embedding
/// ([`Hooks::send_early`]): the outbox and the send list never need room
/// for many more, however many peers a pass visits.
pub const EARLY_SEND_BATCH: usize = 128;

/// Most datagrams the outbox and the driver's send list keep room for
/// between sends (a busy connection's pass makes a handful).
const KEPT_SEND_ROOM: usize = 16;

/// A datagram ready to be sent.
#[derive(Debug)]
pub struct Datagram {
    /// Destination.
    pub address: SocketAddr,
    /// The bytes to send.
    pub bytes: Vec<u8>,
}

/// An ENet host: the deterministic protocol engine for one socket.
///
/// `raw` comes first and the struct is `repr(C)`, so a pointer to the host
/// is a valid `ENetHost*` for C programs, which read and write its public
/// fields in place; the engine reads the writable ones (`mtu`, `checksum`,
/// `duplicatePeers`, `maximumPacketSize`, ...) live at every use.
#[repr(C)]
pub struct Host<H: Hooks> {
    /// The C-visible host. `raw.peers` points at the peer array.
    pub raw: ENetHost,
    pub(crate) peers: Box<[ENetPeer]>,
    pub(crate) sides: Vec<PeerSide<H::Packet>>,
    /// The embedding's packet factory and checksum/compression hooks.
    pub hooks: H,
    pub(crate) dispatch_queue: VecDeque<usize>,
    pub(crate) events: VecDeque<Event<H::Packet>>,
    pub(crate) outbox: VecDeque<Datagram>,
    /// The driver's list of the outbox's datagrams as (address, bytes), kept
    /// empty between sends so its room is reused (see `driver::send_outbox`).
    pub(crate) send_list: Vec<(SocketAddr, &'static [u8])>,
    pub(crate) spare_buffers: Vec<Vec<u8>>,
    /// Idle peers' command queues, for the next busy peer.
    pub(crate) queue_pool: QueuePool<H::Packet>,
    pub(crate) scheduler: Scheduler,
    /// Scratch space for a received datagram (decompressed, checksummed).
    pub(crate) receive_buffer: Vec<u8>,
    /// Scratch list of the peers a send pass visits.
    pub(crate) due: Vec<usize>,
    /// Flood resistance (opt-in): when a CONNECT finds no free slot, the
    /// oldest half-open connection (a CONNECT answered, its acknowledgement
    /// not yet received) gives up its slot instead of the newcomer being
    /// ignored. A spoofed-CONNECT flood can then no longer lock legitimate
    /// clients out: a real client's handshake completes as long as it is
    /// quicker than the flood cycles through the free slots, and the slots
    /// are usable again the moment the flood stops (upstream holds them
    /// until each half-open connection times out, up to 30 s). Established
    /// connections are never evicted. Off by default, as upstream.
    pub evict_half_open: bool,
}

// SAFETY: the raw pointers inside a host (`raw.peers`, each peer's `host`
// and `channels`, the list sentinels) point only into the host's own boxed
// storage, which moves with it; nothing is shared with another thread. So a
// host is as sendable as its hooks and packets. (The C embedding's packets
// are not `Send`, so this only ever applies to the Rust API's hosts.)
#[allow(unsafe_code)]
unsafe impl<H: Hooks + Send> Send for Host<H> where H::Packet: Send {}

impl<H: Hooks> Host<H> {
    /// Creates a host with `config.peer_count` peer slots; `None` if the
    /// count exceeds [`ENET_PROTOCOL_MAXIMUM_PEER_ID`]. The host is boxed
    /// because C code holds pointers into it.
    pub fn new(config: HostConfig, hooks: H) -> Option<Box<Host<H>>> {
        if config.peer_count > ENET_PROTOCOL_MAXIMUM_PEER_ID as usize {
            return None;
        }
        let channel_limit = match config.channel_limit {
            0 => ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT as usize,
            n => n.min(ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT as usize),
        };
        let peers = vec![zeroed_peer(); config.peer_count].into_boxed_slice();
        let mut host = Box::new(Host {
            raw: zeroed_host(),
            peers,
            sides: (0..config.peer_count)
                .map(|_| PeerSide::default())
                .collect(),
            hooks,
            dispatch_queue: VecDeque::new(),
            events: VecDeque::new(),
            outbox: VecDeque::new(),
            send_list: Vec::new(),
            spare_buffers: Vec::new(),
            queue_pool: QueuePool::default(),
            scheduler: Scheduler::new(config.peer_count),
            // Grows to the largest datagram received (most are small).
            receive_buffer: Vec::new(),
            due: Vec::new(),
            evict_half_open: false,
        });
        let raw = &mut host.raw;
        raw.socket = -1;
        raw.randomSeed = config.seed;
        raw.channelLimit = channel_limit;
        raw.incomingBandwidth = config.incoming_bandwidth;
        raw.outgoingBandwidth = config.outgoing_bandwidth;
        raw.mtu = ENET_HOST_DEFAULT_MTU;
        raw.peerCount = config.peer_count;
        raw.duplicatePeers = ENET_PROTOCOL_MAXIMUM_PEER_ID as usize;
        raw.maximumPacketSize = ENET_HOST_DEFAULT_MAXIMUM_PACKET_SIZE as usize;
        raw.maximumWaitingData = ENET_HOST_DEFAULT_MAXIMUM_WAITING_DATA as usize;
        host.relink();
        for index in 0..config.peer_count {
            let peer = &mut host.peers[index];
            peer.incomingPeerID = index as u16;
            peer.outgoingSessionID = 0xFF;
            peer.incomingSessionID = 0xFF;
            host.reset_peer(index);
        }
        Some(host)
    }

    /// Points the C-visible pointers at their storage: `raw.peers`, each
    /// peer's `host`, and the (always empty) list heads C code may inspect.
    fn relink(&mut self) {
        self.raw.peers = self.peers.as_mut_ptr();
        clear_list(&mut self.raw.dispatchQueue);
        let host: *mut ENetHost = &mut self.raw;
        for peer in self.peers.iter_mut() {
            peer.host = host;
            for list in [
                &mut peer.acknowledgements,
                &mut peer.sentReliableCommands,
                &mut peer.sentUnreliableCommands,
                &mut peer.outgoingCommands,
                &mut peer.dispatchedCommands,
            ] {
                clear_list(list);
            }
            let node: *mut ENetListNode = &mut peer.dispatchList;
            peer.dispatchList = ENetListNode {
                next: node,
                previous: node,
            };
        }
    }

    /// Number of peer slots.
    pub fn peer_count(&self) -> usize {
        self.peers.len()
    }

    /// The C-visible state of peer `index`.
    pub fn peer(&self, index: usize) -> &ENetPeer {
        &self.peers[index]
    }

    /// Mutable C-visible state of peer `index` (for the application-owned
    /// fields such as `data`).
    pub fn peer_mut(&mut self, index: usize) -> &mut ENetPeer {
        &mut self.peers[index]
    }

    /// The peer array as C sees it.
    pub fn peers_ptr(&mut self) -> *mut ENetPeer {
        self.peers.as_mut_ptr()
    }

    /// The index of a peer given its address inside the peer array.
    pub fn peer_index(&self, peer: *const ENetPeer) -> Option<usize> {
        let base = self.peers.as_ptr() as usize;
        let offset = (peer as usize).checked_sub(base)?;
        let size = core::mem::size_of::<ENetPeer>();
        (offset % size == 0 && offset / size < self.peers.len()).then_some(offset / size)
    }

    /// The remote address of peer `index`, if it has one.
    pub fn peer_address(&self, index: usize) -> Option<SocketAddr> {
        self.sides[index].address
    }

    /// Next value of the host's random generator (1.3.18's `enet_host_random`).
    pub fn random(&mut self) -> u32 {
        random::next(&mut self.raw.randomSeed)
    }

    /// Starts connecting to `address` with `channel_count` channels (clamped
    /// to 1..=255) and the user value `data`. Uses the first free peer slot;
    /// `None` if there is none. The connection completes with a
    /// [`Event::Connect`].
    pub fn connect(
        &mut self,
        now: u32,
        address: SocketAddr,
        channel_count: usize,
        data: u32,
    ) -> Option<usize> {
        let channel_count = channel_count.clamp(
            ENET_PROTOCOL_MINIMUM_CHANNEL_COUNT as usize,
            ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT as usize,
        );
        let index = self
            .peers
            .iter()
            .position(|peer| peer.state == ENetPeerState::ENET_PEER_STATE_DISCONNECTED as u32)?;
        self.raw.serviceTime = now;
        self.allocate_channels(index, channel_count);
        let connect_id = self.random();
        let mtu = self.raw.mtu;
        let window_size = window_for_bandwidth(self.raw.outgoingBandwidth);
        let (incoming_bandwidth, outgoing_bandwidth) =
            (self.raw.incomingBandwidth, self.raw.outgoingBandwidth);
        self.set_address(index, address);
        let peer = &mut self.peers[index];
        peer.state = ENetPeerState::ENET_PEER_STATE_CONNECTING as u32;
        peer.connectID = connect_id;
        peer.mtu = mtu;
        peer.windowSize = window_size;
        let parameters = ConnectParameters {
            outgoing_peer_id: peer.incomingPeerID,
            incoming_session_id: peer.incomingSessionID,
            outgoing_session_id: peer.outgoingSessionID,
            mtu: peer.mtu,
            window_size: peer.windowSize,
            channel_count: channel_count as u32,
            incoming_bandwidth,
            outgoing_bandwidth,
            packet_throttle_interval: peer.packetThrottleInterval,
            packet_throttle_acceleration: peer.packetThrottleAcceleration,
            packet_throttle_deceleration: peer.packetThrottleDeceleration,
            connect_id,
        };
        let connect = command(
            FLAG_ACKNOWLEDGE,
            CONTROL_CHANNEL,
            Body::Connect { parameters, data },
        );
        self.queue_outgoing(index, connect, None, 0, 0);
        Some(index)
    }

    /// Sets the channel limit for future connections (0 or more than 255: 255).
    pub fn set_channel_limit(&mut self, limit: usize) {
        self.raw.channelLimit = match limit {
            0 => ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT as usize,
            n => n.min(ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT as usize),
        };
    }

    /// Sets the host's bandwidths; peers are told at the next throttle pass.
    pub fn set_bandwidth_limit(&mut self, incoming: u32, outgoing: u32) {
        self.raw.incomingBandwidth = incoming;
        self.raw.outgoingBandwidth = outgoing;
        self.raw.recalculateBandwidthLimits = 1;
    }

    /// Queues `packet` to every connected peer on `channel_id`. Returns true
    /// if no peer took it (the caller then destroys it, as upstream does).
    pub fn broadcast(&mut self, channel_id: u8, packet: &H::Packet) -> bool {
        for index in 0..self.peers.len() {
            if self.peers[index].state == ENetPeerState::ENET_PEER_STATE_CONNECTED as u32 {
                // Errors are ignored for individual peers, as upstream.
                let _ = self.send(index, channel_id, packet.clone());
            }
        }
        packet.reference_count() == 0
    }

    /// Records the remote address of a peer (and mirrors IPv4 addresses into
    /// the C-visible `peer->address`).
    pub(crate) fn set_address(&mut self, index: usize, address: SocketAddr) {
        self.sides[index].address = Some(address);
        self.peers[index].address = address::to_enet(&address);
    }

    /// Gives peer `index` `count` fresh channels.
    pub(crate) fn allocate_channels(&mut self, index: usize, count: usize) {
        let side = &mut self.sides[index];
        side.channels = vec![zeroed_channel(); count].into_boxed_slice();
        for channel in side.channels.iter_mut() {
            clear_list(&mut channel.incomingReliableCommands);
            clear_list(&mut channel.incomingUnreliableCommands);
        }
        let peer = &mut self.peers[index];
        peer.channels = side.channels.as_mut_ptr();
        peer.channelCount = count;
    }

    /// Takes an empty datagram buffer from the pool.
    pub(crate) fn take_buffer(&mut self) -> Vec<u8> {
        let mut buffer = self.spare_buffers.pop().unwrap_or_default();
        buffer.clear();
        buffer
    }

    /// The next datagram to send, if any. Give its buffer back with
    /// [`Host::recycle`] to avoid allocations.
    pub fn pop_datagram(&mut self) -> Option<Datagram> {
        self.outbox.pop_front()
    }

    /// Empties the outbox (its datagrams were sent), returning their
    /// buffers to the pool.
    pub(crate) fn recycle_outbox(&mut self) {
        while let Some(datagram) = self.outbox.pop_front() {
            self.recycle(datagram);
        }
    }

    /// Returns a sent datagram's buffer to the pool.
    pub fn recycle(&mut self, datagram: Datagram) {
        self.give_buffer(datagram.bytes);
    }

    /// Offers the outbox to the embedding in the middle of a send pass (see
    /// [`Hooks::send_early`]); its buffers are reused if it took them.
    /// Returns whether it did (an embedding that declines keeps declining,
    /// so the pass stops offering).
    pub(crate) fn offer_outbox(&mut self) -> bool {
        let mut list = reuse_send_list(std::mem::take(&mut self.send_list));
        list.extend(
            self.outbox
                .iter()
                .map(|datagram| (datagram.address, datagram.bytes.as_slice())),
        );
        let sent = self.hooks.send_early(&self.raw, &list);
        self.send_list = reuse_send_list(list);
        if sent {
            self.recycle_outbox();
        }
        sent
    }

    /// After a send: frees the outbox's and the send list's room when a
    /// pass made them larger than [`KEPT_SEND_ROOM`] (a host's first pass
    /// after connecting its peers, a broadcast), so an idle host does not
    /// keep a batch's worth of room (13 KB). Regrowing costs a few
    /// reallocations in a pass that sends dozens of datagrams.
    pub(crate) fn release_send_room(&mut self) {
        if self.outbox.is_empty() && self.outbox.capacity() > KEPT_SEND_ROOM {
            self.outbox = VecDeque::new();
        }
        if self.send_list.is_empty() && self.send_list.capacity() > KEPT_SEND_ROOM {
            self.send_list = Vec::new();
        }
    }

    /// Keeps a datagram buffer for reuse, up to [`SPARE_DATAGRAM_BUFFERS`].
    pub(crate) fn give_buffer(&mut self, buffer: Vec<u8>) {
        if self.spare_buffers.len() < SPARE_DATAGRAM_BUFFERS {
            self.spare_buffers.push(buffer);
        }
    }
}

/// Empties a send list and gives back its room for slices of any other
/// lifetime. The elements' layout does not change with the lifetime, so
/// collecting the (empty) iterator reuses the allocation in place (`Vec`'s
/// in-place collection; `send_list_room_is_reused` checks it).
pub(crate) fn reuse_send_list<'b>(
    mut list: Vec<(SocketAddr, &[u8])>,
) -> Vec<(SocketAddr, &'b [u8])> {
    list.clear();
    list.into_iter().map(|_| unreachable!()).collect()
}

/// Window size a host advertises for a bandwidth (bytes/s; 0 = unlimited).
pub(crate) fn window_for_bandwidth(bandwidth: u32) -> u32 {
    if bandwidth == 0 {
        ENET_PROTOCOL_MAXIMUM_WINDOW_SIZE
    } else {
        clamp_window(
            (bandwidth / ENET_PEER_WINDOW_SIZE_SCALE)
                .wrapping_mul(ENET_PROTOCOL_MINIMUM_WINDOW_SIZE),
        )
    }
}

/// Clamps a window size into the protocol's range.
pub(crate) fn clamp_window(window: u32) -> u32 {
    window.clamp(
        ENET_PROTOCOL_MINIMUM_WINDOW_SIZE,
        ENET_PROTOCOL_MAXIMUM_WINDOW_SIZE,
    )
}

/// Makes a list head an empty list (its sentinel points at itself).
pub(crate) fn clear_list(list: &mut ENetList) {
    let sentinel: *mut ENetListNode = &mut list.sentinel;
    list.sentinel = ENetListNode {
        next: sentinel,
        previous: sentinel,
    };
}

fn null_node() -> ENetListNode {
    ENetListNode {
        next: core::ptr::null_mut(),
        previous: core::ptr::null_mut(),
    }
}

fn zeroed_peer() -> ENetPeer {
    ENetPeer {
        dispatchList: null_node(),
        host: core::ptr::null_mut(),
        outgoingPeerID: 0,
        incomingPeerID: 0,
        connectID: 0,
        outgoingSessionID: 0,
        incomingSessionID: 0,
        address: ENetAddress::default(),
        data: core::ptr::null_mut(),
        state: 0,
        channels: core::ptr::null_mut(),
        channelCount: 0,
        incomingBandwidth: 0,
        outgoingBandwidth: 0,
        incomingBandwidthThrottleEpoch: 0,
        outgoingBandwidthThrottleEpoch: 0,
        incomingDataTotal: 0,
        outgoingDataTotal: 0,
        lastSendTime: 0,
        lastReceiveTime: 0,
        nextTimeout: 0,
        earliestTimeout: 0,
        packetLossEpoch: 0,
        packetsSent: 0,
        packetsLost: 0,
        packetLoss: 0,
        packetLossVariance: 0,
        packetThrottle: 0,
        packetThrottleLimit: 0,
        packetThrottleCounter: 0,
        packetThrottleEpoch: 0,
        packetThrottleAcceleration: 0,
        packetThrottleDeceleration: 0,
        packetThrottleInterval: 0,
        pingInterval: 0,
        timeoutLimit: 0,
        timeoutMinimum: 0,
        timeoutMaximum: 0,
        lastRoundTripTime: 0,
        lowestRoundTripTime: 0,
        lastRoundTripTimeVariance: 0,
        highestRoundTripTimeVariance: 0,
        roundTripTime: 0,
        roundTripTimeVariance: 0,
        mtu: 0,
        windowSize: 0,
        reliableDataInTransit: 0,
        outgoingReliableSequenceNumber: 0,
        acknowledgements: ENetList {
            sentinel: null_node(),
        },
        sentReliableCommands: ENetList {
            sentinel: null_node(),
        },
        sentUnreliableCommands: ENetList {
            sentinel: null_node(),
        },
        outgoingCommands: ENetList {
            sentinel: null_node(),
        },
        dispatchedCommands: ENetList {
            sentinel: null_node(),
        },
        flags: 0,
        reserved: 0,
        incomingUnsequencedGroup: 0,
        outgoingUnsequencedGroup: 0,
        unsequencedWindow: [0; 32],
        eventData: 0,
        totalWaitingData: 0,
    }
}

fn zeroed_channel() -> ENetChannel {
    ENetChannel {
        outgoingReliableSequenceNumber: 0,
        outgoingUnreliableSequenceNumber: 0,
        usedReliableWindows: 0,
        reliableWindows: [0; ENET_PEER_RELIABLE_WINDOWS],
        incomingReliableSequenceNumber: 0,
        incomingUnreliableSequenceNumber: 0,
        incomingReliableCommands: ENetList {
            sentinel: null_node(),
        },
        incomingUnreliableCommands: ENetList {
            sentinel: null_node(),
        },
    }
}

fn zeroed_host() -> ENetHost {
    ENetHost {
        socket: -1,
        address: ENetAddress::default(),
        incomingBandwidth: 0,
        outgoingBandwidth: 0,
        bandwidthThrottleEpoch: 0,
        mtu: 0,
        randomSeed: 0,
        recalculateBandwidthLimits: 0,
        peers: core::ptr::null_mut(),
        peerCount: 0,
        channelLimit: 0,
        serviceTime: 0,
        dispatchQueue: ENetList {
            sentinel: null_node(),
        },
        continueSending: 0,
        packetSize: 0,
        headerFlags: 0,
        commands: [_ENetProtocol::default(); ENET_PROTOCOL_MAXIMUM_PACKET_COMMANDS],
        commandCount: 0,
        buffers: [ENetBuffer {
            data: core::ptr::null_mut(),
            dataLength: 0,
        }; ENET_BUFFER_MAXIMUM],
        bufferCount: 0,
        checksum: None,
        compressor: ENetCompressor {
            context: core::ptr::null_mut(),
            compress: None,
            decompress: None,
            destroy: None,
        },
        packetData: [[0; ENET_PROTOCOL_MAXIMUM_MTU]; 2],
        receivedAddress: ENetAddress::default(),
        receivedData: core::ptr::null_mut(),
        receivedDataLength: 0,
        totalSentData: 0,
        totalSentPackets: 0,
        totalReceivedData: 0,
        totalReceivedPackets: 0,
        intercept: None,
        connectedPeers: 0,
        bandwidthLimitedPeers: 0,
        duplicatePeers: 0,
        maximumPacketSize: 0,
        maximumWaitingData: 0,
    }
}
