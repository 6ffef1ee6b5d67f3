//! How the engine is embedded in the Rust API: packets are [`Packet`]s, the
//! checksum is the built-in CRC32 and the compressor the built-in range
//! coder, both switched by the host's configuration.

use std::net::SocketAddr;

use crate::abi::{ENetHost, ENetSocket};
use crate::engine::Hooks;
use crate::sys::udp::ReceiveBatch;
use crate::wire::crc32::enet_checksum;
use crate::wire::range_coder::{self, SymbolTable, EMPTY_TABLE};

use super::packet::Packet;

pub(crate) struct ApiHooks {
    pub checksum: bool,
    /// The range coder's model, when compression is on.
    pub compressor: Option<Box<SymbolTable>>,
    pub receive: ReceiveBatch,
    /// The host's socket, for sends in the middle of a send pass
    /// ([`Hooks::send_early`]).
    pub socket: Option<ENetSocket>,
    /// The error of such a send, reported when the pass's sending is done.
    pub send_error: Option<std::io::Error>,
}

impl ApiHooks {
    pub fn new(checksum: bool, compression: bool) -> Self {
        ApiHooks {
            checksum,
            compressor: compression.then(|| Box::new(EMPTY_TABLE)),
            receive: ReceiveBatch::new(),
            socket: None,
            send_error: None,
        }
    }
}

impl Hooks for ApiHooks {
    type Packet = Packet;

    fn create_packet(&mut self, data: &[u8], flags: u32) -> Option<Packet> {
        Some(Packet::with_flags(data.into(), flags))
    }

    fn checksum_enabled(&self, _: &ENetHost) -> bool {
        self.checksum
    }

    fn checksum(&mut self, _: &ENetHost, buffers: &[&[u8]]) -> u32 {
        enet_checksum(buffers)
    }

    fn compression_enabled(&self, _: &ENetHost) -> bool {
        self.compressor.is_some()
    }

    fn compress(&mut self, _: &ENetHost, input: &[&[u8]], out: &mut [u8]) -> Option<usize> {
        let table = self.compressor.as_mut()?;
        range_coder::compress(table, input.iter().copied(), out)
    }

    fn decompress(&mut self, _: &ENetHost, input: &[u8], out: &mut [u8]) -> Option<usize> {
        let table = self.compressor.as_mut()?;
        range_coder::decompress(table, input, out)
    }

    fn send_early(&mut self, _: &ENetHost, datagrams: &[(SocketAddr, &[u8])]) -> bool {
        let Some(socket) = self.socket else {
            return false;
        };
        if let Err(error) = crate::sys::udp::send_batch(socket, datagrams) {
            self.send_error.get_or_insert(error);
        }
        true
    }
}
