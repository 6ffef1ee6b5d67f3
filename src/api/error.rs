//! The error type of the Rust API.

use std::fmt;
use std::net::SocketAddr;

use crate::engine::SendError;

/// Everything that can go wrong in the Rust API.
///
/// ```
/// use enet::{Error, HostBuilder};
///
/// match HostBuilder::new().mtu(100).build() {
///     Err(Error::InvalidConfig(why)) => assert!(why.contains("MTU")),
///     _ => unreachable!("an MTU of 100 is refused"),
/// }
/// ```
///
/// Network input never produces an error here: malformed or hostile
/// datagrams are dropped by the engine, as in every ENet. Errors come from
/// the operating system (the socket) and from the caller's own requests.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A socket operation failed.
    Io(std::io::Error),
    /// A [`HostBuilder`](crate::HostBuilder) setting is out of range.
    InvalidConfig(&'static str),
    /// Every peer slot is in use, so no new connection can start.
    NoFreePeerSlot,
    /// The address family cannot be reached from this host's socket (an
    /// IPv6 peer from a host bound to an IPv4 address).
    AddressFamily(SocketAddr),
    /// The peer handle is stale: that connection is over (its slot may
    /// already serve another connection).
    UnknownPeer,
    /// The peer exists but is not connected (still connecting, or
    /// disconnecting).
    NotConnected,
    /// The channel does not exist on this connection.
    ChannelOutOfRange {
        /// The channel asked for.
        channel: u8,
        /// How many channels the connection has.
        channel_count: usize,
    },
    /// The packet is larger than the host's maximum packet size.
    PacketTooLarge {
        /// The packet's length.
        length: usize,
        /// The host's limit.
        maximum: usize,
    },
    /// The packet would need more fragments than the protocol allows.
    TooManyFragments,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(error) => write!(f, "socket error: {error}"),
            Error::InvalidConfig(what) => write!(f, "invalid host configuration: {what}"),
            Error::NoFreePeerSlot => f.write_str("no free peer slot for a new connection"),
            Error::AddressFamily(address) => {
                write!(
                    f,
                    "{address} cannot be reached from this host's socket family"
                )
            }
            Error::UnknownPeer => f.write_str("the peer handle refers to a finished connection"),
            Error::NotConnected => f.write_str("the peer is not connected"),
            Error::ChannelOutOfRange {
                channel,
                channel_count,
            } => write!(
                f,
                "channel {channel} out of range (the connection has {channel_count})"
            ),
            Error::PacketTooLarge { length, maximum } => write!(
                f,
                "packet of {length} bytes exceeds the maximum packet size of {maximum}"
            ),
            Error::TooManyFragments => f.write_str("packet needs more fragments than allowed"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(error) => Some(error),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error::Io(error)
    }
}

impl Error {
    /// Translates an engine refusal, with the context the engine lacks.
    pub(crate) fn from_send(
        error: SendError,
        channel: u8,
        channel_count: usize,
        length: usize,
        maximum: usize,
    ) -> Self {
        match error {
            SendError::NotConnected => Error::NotConnected,
            SendError::ChannelOutOfRange => Error::ChannelOutOfRange {
                channel,
                channel_count,
            },
            SendError::TooLarge => Error::PacketTooLarge { length, maximum },
            SendError::TooManyFragments => Error::TooManyFragments,
        }
    }
}

/// The Rust API's result type.
pub type Result<T> = std::result::Result<T, Error>;
