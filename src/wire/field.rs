//! Bounds-checked reads of fixed-position fields. Every read returns
//! [`Error::Truncated`] instead of panicking when the bytes are not there.

use super::{Error, Result};

fn array<const N: usize>(bytes: &[u8], offset: usize) -> Result<[u8; N]> {
    bytes
        .get(offset..offset.checked_add(N).ok_or(Error::Truncated)?)
        .and_then(|slice| slice.try_into().ok())
        .ok_or(Error::Truncated)
}

pub(crate) fn u16_be(bytes: &[u8], offset: usize) -> Result<u16> {
    array(bytes, offset).map(u16::from_be_bytes)
}

/// A 32-bit value copied raw (ENet's `connectID` and checksum slot).
pub(crate) fn u32_raw(bytes: &[u8], offset: usize) -> Result<u32> {
    array(bytes, offset).map(u32::from_ne_bytes)
}

/// Writes fields at increasing offsets into a buffer known to be large enough.
pub(crate) struct Writer<'a> {
    out: &'a mut [u8],
    at: usize,
}

impl<'a> Writer<'a> {
    /// A writer over `out`, which must hold `needed` bytes.
    pub(crate) fn new(out: &'a mut [u8], needed: usize) -> Result<Writer<'a>> {
        if out.len() < needed {
            return Err(Error::Truncated);
        }
        Ok(Writer { out, at: 0 })
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.out[self.at..self.at + bytes.len()].copy_from_slice(bytes);
        self.at += bytes.len();
    }

    pub(crate) fn u8(&mut self, value: u8) {
        self.bytes(&[value]);
    }

    pub(crate) fn u16(&mut self, value: u16) {
        self.bytes(&value.to_be_bytes());
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.bytes(&value.to_be_bytes());
    }

    pub(crate) fn u32_raw(&mut self, value: u32) {
        self.bytes(&value.to_ne_bytes());
    }

    /// Bytes written so far.
    pub(crate) fn len(&self) -> usize {
        self.at
    }
}
