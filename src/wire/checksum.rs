//! The datagram checksum slot and its seeding rule.
//!
//! When a host has a checksum callback (e.g. `enet_crc32`), every datagram
//! carries 4 bytes right after the header. The sender puts a *seed* there
//! (the destination peer's `connectID` copied raw, or 0 before the peer has
//! an ID), runs the checksum over the whole datagram (uncompressed commands),
//! and replaces the seed with the result, stored in native byte order. The
//! receiver undoes this to verify. The two ends must agree on using
//! checksums; there is no negotiation.

use super::header::CHECKSUM_SIZE;
use super::{field, Error, Result};

/// The seed for a datagram to a peer: its `connectID`, or 0 while the peer
/// has no ID yet (`outgoing_peer_id == 0xFFF`).
pub fn seed(outgoing_peer_id: u16, connect_id: u32) -> u32 {
    if outgoing_peer_id < super::header::NO_PEER {
        connect_id
    } else {
        0
    }
}

fn slot(datagram: &mut [u8], header_len: usize) -> Result<&mut [u8]> {
    let end = header_len
        .checked_add(CHECKSUM_SIZE)
        .ok_or(Error::Truncated)?;
    datagram.get_mut(header_len..end).ok_or(Error::Truncated)
}

/// Writes a 32-bit value raw into the checksum slot after a header of
/// `header_len` bytes (the seed before checksumming, the result after).
pub fn write_slot(datagram: &mut [u8], header_len: usize, value: u32) -> Result<()> {
    slot(datagram, header_len)?.copy_from_slice(&value.to_ne_bytes());
    Ok(())
}

/// Checks a received (already decompressed) datagram: saves the slot,
/// replaces it with `seed`, recomputes with `checksum` over the datagram and
/// compares. The slot keeps the seed afterwards.
pub fn verify(
    datagram: &mut [u8],
    header_len: usize,
    seed: u32,
    checksum: impl FnOnce(&[u8]) -> u32,
) -> Result<bool> {
    let received = field::u32_raw(datagram, header_len)?;
    write_slot(datagram, header_len, seed)?;
    Ok(checksum(datagram) == received)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::crc32::Crc32;

    fn enet_crc32(bytes: &[u8]) -> u32 {
        let mut crc = Crc32::new();
        crc.update(bytes);
        crc.enet_value()
    }

    #[test]
    fn sealed_datagram_verifies_and_any_flipped_bit_fails() {
        let mut datagram = vec![
            0x80, 0x00, 0x01, 0x86, 0, 0, 0, 0, 0x86, 0x01, 0x00, 0x01, 0x00, 0x02, b'h', b'i',
        ];
        let seed = seed(0, 0x1234_5678);
        write_slot(&mut datagram, 4, seed).unwrap();
        let sum = enet_crc32(&datagram);
        write_slot(&mut datagram, 4, sum).unwrap();
        assert!(verify(&mut datagram.clone(), 4, seed, enet_crc32).unwrap());
        assert!(
            !verify(&mut datagram.clone(), 4, 0, enet_crc32).unwrap(),
            "wrong seed"
        );
        for bit in 0..datagram.len() * 8 {
            let mut corrupted = datagram.clone();
            corrupted[bit / 8] ^= 1 << (bit % 8);
            assert!(
                !verify(&mut corrupted, 4, seed, enet_crc32).unwrap(),
                "bit {bit}"
            );
        }
    }

    #[test]
    fn seed_is_zero_before_the_peer_has_an_id() {
        assert_eq!(seed(0xFFF, 0xDEAD_BEEF), 0);
        assert_eq!(seed(7, 0xDEAD_BEEF), 0xDEAD_BEEF);
        assert_eq!(
            verify(&mut [0u8; 5], 2, 0, enet_crc32),
            Err(Error::Truncated)
        );
    }
}
