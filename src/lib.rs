//! ENet, the reliable UDP protocol for games and real-time programs, in Rust.
//!
//! This crate is two things on one engine:
//!
//! * a drop-in replacement for upstream ENet's shared library
//!   (`libenet.so.7`): the same exported C functions, the same struct
//!   layouts, the same wire protocol (feature `ffi`, on by default);
//! * the idiomatic Rust API documented here: [`Host`], [`Peer`],
//!   [`Packet`], [`Event`]. It needs no `unsafe`, and with the `ffi`
//!   feature off the crate exports no C symbols at all.
//!
//! Hosts built with this API speak stock ENet 1.3: they interoperate with
//! programs on upstream's C library, in either role.
//!
//! # A host and its service loop
//!
//! A [`Host`] owns one UDP socket and up to its peer limit of connections.
//! Nothing happens on the network except inside [`Host::service`]: it
//! sends what is queued, retransmits what was lost, answers pings, receives
//! datagrams and returns the next [`Event`], waiting up to the timeout you
//! give for one. Call it often (every frame, or in a loop): ENet's timers
//! (retransmission, ping, timeouts) only advance while it runs, and a
//! connection left unserviced for longer than its timeout (5 to 30 s by
//! default) is dropped by the other side. [`Host::flush`] sends queued
//! packets right away without waiting for the next service call.
//!
//! ```
//! use std::time::Duration;
//! use enet::{Event, HostBuilder, Packet};
//!
//! # fn main() -> Result<(), enet::Error> {
//! let mut server = HostBuilder::new().bind("127.0.0.1:0".parse().unwrap()).build()?;
//! let mut client = HostBuilder::new().build()?;
//! client.connect(server.local_addr(), 2, 0)?;
//! # let mut done = false;
//! # for _ in 0..1000 {
//! // In a real program each side runs its own loop like this one.
//! if let Some(Event::Connect { peer, .. }) = client.service(Duration::from_millis(1))? {
//!     client.peer(peer)?.send(1, Packet::reliable(&b"hello"[..]))?;
//! }
//! match server.service(Duration::from_millis(1))? {
//!     Some(Event::Connect { peer, data }) => println!("{peer:?} connected with {data}"),
//!     Some(Event::Receive { peer, channel, packet }) => {
//!         println!("{peer:?} sent {:?} on channel {channel}", packet.data());
//! #       done = true; break;
//!     }
//!     Some(Event::Disconnect { peer, .. }) => println!("{peer:?} left"),
//!     None => {}
//! }
//! # }
//! # assert!(done);
//! # Ok(())
//! # }
//! ```
//!
//! # Delivery modes and channels
//!
//! Every [`Packet`] has a [`DeliveryMode`]:
//!
//! | mode | lost? | order | use for |
//! |---|---|---|---|
//! | [`Reliable`](DeliveryMode::Reliable) | never: retransmitted until acknowledged | in order within its channel | chat, commands, state changes, files |
//! | [`Unreliable`](DeliveryMode::Unreliable) | may be | never older after newer (stale ones are dropped) | positions, snapshots |
//! | [`Unsequenced`](DeliveryMode::Unsequenced) | may be | any order, never duplicated | independent events |
//! | [`UnreliableFragment`](DeliveryMode::UnreliableFragment) | may be, whole | as unreliable; large packets go as unreliable fragments instead of reliable ones | large snapshots that are stale once late |
//!
//! Packets always arrive whole; ENet fragments and reassembles packets
//! larger than one datagram (up to 32 MiB by default). A connection has up
//! to 255 *channels*, chosen at [`Host::connect`]: ordering holds within a
//! channel, so a lost packet on one channel does not hold back the others.
//! Put independent streams (chat, movement, file transfer) on separate
//! channels.
//!
//! # Peers
//!
//! [`Host::connect`] and the [`Event`]s hand out [`PeerId`]s: small `Copy`
//! handles. [`Host::peer`] turns one into a [`Peer`] for sending,
//! disconnecting ([`Peer::disconnect`], [`Peer::disconnect_later`],
//! [`Peer::disconnect_now`]), settings ([`Peer::set_timeout`],
//! [`Peer::set_ping_interval`], [`Peer::configure_throttle`]) and
//! statistics ([`Peer::stats`]: round-trip time, loss, bytes in flight).
//! Once a connection ends the handle is stale and [`Host::peer`] returns
//! [`Error::UnknownPeer`], even if the slot already serves a new connection.
//!
//! # Timing
//!
//! ENet measures time in milliseconds. Idle connections are pinged every
//! 500 ms; a reliable packet is retransmitted after about twice the
//! round-trip time, doubling on each further loss; a peer that stops
//! answering is declared gone after 32 unanswered retransmissions and at
//! least 5 s, or after 30 s in any case (see [`Peer::set_timeout`]).
//!
//! # IPv6
//!
//! Bind an IPv6 address (`[::1]:port`, `[::]:port`) to talk to IPv6 peers;
//! a host on `[::]` also reaches IPv4 peers where the system allows
//! dual-stack sockets. The wire protocol carries no addresses, so IPv6 costs
//! nothing in compatibility. (The C ABI stays IPv4, as upstream's.)
//!
//! # Layers
//!
//! | module | what it is |
//! |---|---|
//! | `api` | this idiomatic API (re-exported at the crate root) |
//! | [`abi`] | `#[repr(C)]` types with upstream's exact layouts: storage, no logic |
//! | [`engine`] | the deterministic protocol engine, no I/O, shared by both APIs |
//! | [`wire`] | the datagram codec, CRC32 and the range coder |
//! | [`sys`] | the operating system: sockets, clock, waiting |
//! | `ffi` | every `extern "C"` export; argument checks and the panic boundary |
//!
//! `unsafe` code lives only in `sys` and `ffi` (plus the one line declaring
//! an engine host `Send`); the rest of the crate denies it.

#![deny(unsafe_code)]

pub mod abi;
mod api;
mod driver;
pub mod engine;
#[cfg(feature = "ffi")]
mod ffi;
pub mod sys;
pub mod wire;

pub use api::{
    DeliveryMode, Error, Event, Host, HostBuilder, Packet, Peer, PeerId, PeerState, PeerStats,
    Result, Totals,
};
