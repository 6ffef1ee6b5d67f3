//! The idiomatic Rust API, on the same engine as the C ABI.
//!
//! See the [crate documentation](crate) for a tour; the types are
//! re-exported at the crate root.

#![deny(missing_docs)]

mod config;
mod error;
mod event;
mod hooks;
mod host;
mod packet;
mod peer;

pub use config::HostBuilder;
pub use error::{Error, Result};
pub use event::Event;
pub use host::{Host, Totals};
pub use packet::{DeliveryMode, Packet};
pub use peer::{Peer, PeerId, PeerState, PeerStats};
