//! The datagram header: peer ID with session and flag bits, optional sent
//! time, and the optional checksum slot after it.
//!
//! ```text
//! u16 peerID   bits 0-11 peer ID (0xFFF: none yet), 12-13 session,
//!              14 COMPRESSED, 15 SENT_TIME               (big-endian)
//! u16 sentTime only if SENT_TIME is set                  (big-endian)
//! u32 checksum only if the hosts use checksums           (native order)
//! ```

use super::{field, Error, Result};

/// Peer ID meaning "no peer yet" (used by CONNECT).
pub const NO_PEER: u16 = 0xFFF;
const PEER_ID_MASK: u16 = 0x0FFF;
const SESSION_MASK: u16 = 0x3000;
const SESSION_SHIFT: u16 = 12;
const FLAG_COMPRESSED: u16 = 0x4000;
const FLAG_SENT_TIME: u16 = 0x8000;

/// Size of the checksum slot that follows the header when checksums are on.
pub const CHECKSUM_SIZE: usize = 4;

/// A decoded datagram header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Header {
    /// The receiver's peer index (12 bits; [`NO_PEER`] before connecting).
    pub peer_id: u16,
    /// Session ID (2 bits).
    pub session_id: u8,
    /// The commands that follow are compressed.
    pub compressed: bool,
    /// Low 16 bits of the sender's service time, present when the datagram
    /// carries anything that will be acknowledged.
    pub sent_time: Option<u16>,
}

impl Header {
    /// Bytes the header occupies: 2, or 4 with a sent time.
    pub fn len(&self) -> usize {
        if self.sent_time.is_some() {
            4
        } else {
            2
        }
    }

    /// Always false: a header is at least two bytes (for clippy's `len` rule).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Decodes the header at the start of `datagram`.
    pub fn parse(datagram: &[u8]) -> Result<Header> {
        let word = field::u16_be(datagram, 0)?;
        let sent_time = if word & FLAG_SENT_TIME != 0 {
            Some(field::u16_be(datagram, 2)?)
        } else {
            None
        };
        Ok(Header {
            peer_id: word & PEER_ID_MASK,
            session_id: ((word & SESSION_MASK) >> SESSION_SHIFT) as u8,
            compressed: word & FLAG_COMPRESSED != 0,
            sent_time,
        })
    }

    /// Encodes the header into the start of `out`; returns its length.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        if out.len() < self.len() {
            return Err(Error::Truncated);
        }
        let mut word = (self.peer_id & PEER_ID_MASK)
            | ((self.session_id as u16) << SESSION_SHIFT & SESSION_MASK);
        if self.compressed {
            word |= FLAG_COMPRESSED;
        }
        if self.sent_time.is_some() {
            word |= FLAG_SENT_TIME;
        }
        out[..2].copy_from_slice(&word.to_be_bytes());
        if let Some(time) = self.sent_time {
            out[2..4].copy_from_slice(&time.to_be_bytes());
        }
        Ok(self.len())
    }
}
