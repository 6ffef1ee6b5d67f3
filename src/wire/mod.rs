//! The pure wire codec: no I/O, no clock, no allocation, never panics.
//!
//! Parsing any bytes returns `Ok` or an [`Error`]; emitting checks the
//! output space first. Layout of a datagram:
//!
//! ```text
//! [header: 2 or 4 bytes][checksum: 4 bytes, if enabled][commands...]
//! ```
//!
//! where the commands may instead be one block compressed with the range
//! coder (header flag COMPRESSED). See [`header`], [`command`],
//! [`checksum`], [`crc32`] and [`range_coder`].

pub mod checksum;
pub mod command;
pub mod crc32;
mod field;
pub mod header;
pub mod range_coder;

pub use command::{
    command_size, Body, Command, CommandHeader, Commands, ConnectParameters, Fragment,
};
pub use header::Header;

/// Why bytes could not be parsed (or a buffer was too small to emit into).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// Fewer bytes than the structure needs.
    Truncated,
    /// Command number 0 (NONE) or past the last command.
    UnknownCommand(u8),
    /// A command's payload length runs past the end of the datagram.
    PayloadOverrun,
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::Truncated => f.write_str("truncated ENet datagram"),
            Error::UnknownCommand(number) => write!(f, "unknown ENet command number {number}"),
            Error::PayloadOverrun => f.write_str("ENet command payload runs past the datagram"),
        }
    }
}

impl std::error::Error for Error {}

/// Result of wire operations.
pub type Result<T> = core::result::Result<T, Error>;
