//! How the engine is embedded behind the C ABI: packets are `ENetPacket*`
//! with upstream's reference counting on the C-visible field, and the
//! checksum and compressor hooks are the C function pointers the program
//! stored in `host->checksum` and `host->compressor`, read live.

use core::ffi::c_void;
use core::ptr::NonNull;
use std::net::SocketAddr;

use super::packet::{enet_packet_create, enet_packet_destroy};
use crate::abi::{
    ENetAcknowledgement, ENetBuffer, ENetHost, ENetIncomingCommand, ENetOutgoingCommand,
    ENetPacket, ENetPacketFlag,
};
use crate::engine::{Hooks, PacketHandle};
use crate::sys::udp::ReceiveBatch;

/// A packet owned by C code (created by `enet_packet_create`).
#[derive(Debug, Clone)]
pub(crate) struct CPacket(pub NonNull<ENetPacket>);

impl CPacket {
    fn get(&self) -> &ENetPacket {
        // SAFETY: a CPacket is made from a live packet, which stays alive
        // while any queued command holds a reference to it (upstream's
        // contract: applications only destroy packets that no command holds).
        unsafe { self.0.as_ref() }
    }

    /// Runs `change` on the packet's fields.
    fn update<R>(&self, change: impl FnOnce(&mut ENetPacket) -> R) -> R {
        // SAFETY: as in `get`; while the host is serviced nothing else
        // touches the packet's fields, and the reference does not escape.
        change(unsafe { &mut *self.0.as_ptr() })
    }
}

impl PacketHandle for CPacket {
    fn data(&self) -> &[u8] {
        let packet = self.get();
        if packet.data.is_null() || packet.dataLength == 0 {
            return &[];
        }
        // SAFETY: `data` holds `dataLength` bytes (packet invariant).
        unsafe { core::slice::from_raw_parts(packet.data, packet.dataLength) }
    }

    fn flags(&self) -> u32 {
        self.get().flags
    }

    fn acquire(&self) {
        self.update(|packet| packet.referenceCount = packet.referenceCount.wrapping_add(1));
    }

    fn release(&self, sent: bool) {
        let unreferenced = self.update(|packet| {
            packet.referenceCount = packet.referenceCount.saturating_sub(1);
            if packet.referenceCount == 0 && sent {
                packet.flags |= ENetPacketFlag::ENET_PACKET_FLAG_SENT as u32;
            }
            packet.referenceCount == 0
        });
        if unreferenced {
            // SAFETY: the last reference is gone; the packet came from
            // enet_packet_create and is destroyed once.
            unsafe { enet_packet_destroy(self.0.as_ptr()) };
        }
    }

    fn release_to_application(&self) {
        self.update(|packet| packet.referenceCount = packet.referenceCount.saturating_sub(1));
    }

    fn reference_count(&self) -> usize {
        self.get().referenceCount
    }
}

/// The C embedding of a host: hooks plus the socket's receive buffers and
/// the snapshots the internal peer functions return.
pub(crate) struct CHooks {
    pub receive: ReceiveBatch,
    pub snapshots: Box<Snapshots>,
    /// A send in the middle of a send pass ([`Hooks::send_early`]) failed:
    /// the service call reports it once the pass's sending is done.
    pub send_failed: bool,
}

/// What the exported internal peer functions return pointers to.
pub(crate) struct Snapshots {
    pub outgoing: ENetOutgoingCommand,
    pub incoming: ENetIncomingCommand,
    pub acknowledgement: ENetAcknowledgement,
}

impl CHooks {
    pub fn new() -> Self {
        let node = crate::abi::ENetListNode {
            next: core::ptr::null_mut(),
            previous: core::ptr::null_mut(),
        };
        let command = crate::abi::ENetProtocol::default();
        CHooks {
            send_failed: false,
            receive: ReceiveBatch::new(),
            snapshots: Box::new(Snapshots {
                outgoing: ENetOutgoingCommand {
                    outgoingCommandList: node,
                    reliableSequenceNumber: 0,
                    unreliableSequenceNumber: 0,
                    sentTime: 0,
                    roundTripTimeout: 0,
                    roundTripTimeoutLimit: 0,
                    fragmentOffset: 0,
                    fragmentLength: 0,
                    sendAttempts: 0,
                    command,
                    packet: core::ptr::null_mut(),
                },
                incoming: ENetIncomingCommand {
                    incomingCommandList: node,
                    reliableSequenceNumber: 0,
                    unreliableSequenceNumber: 0,
                    command,
                    fragmentCount: 0,
                    fragmentsRemaining: 0,
                    fragments: core::ptr::null_mut(),
                    packet: core::ptr::null_mut(),
                },
                acknowledgement: ENetAcknowledgement {
                    acknowledgementList: node,
                    sentTime: 0,
                    command,
                },
            }),
        }
    }
}

fn buffers(slices: &[&[u8]]) -> [ENetBuffer; 4] {
    let mut buffers = [ENetBuffer {
        data: core::ptr::null_mut(),
        dataLength: 0,
    }; 4];
    for (buffer, slice) in buffers.iter_mut().zip(slices) {
        *buffer = ENetBuffer {
            data: slice.as_ptr() as *mut c_void,
            dataLength: slice.len(),
        };
    }
    buffers
}

impl Hooks for CHooks {
    type Packet = CPacket;

    fn create_packet(&mut self, data: &[u8], flags: u32) -> Option<CPacket> {
        // SAFETY: `data` is a live slice of `data.len()` bytes.
        let packet = unsafe { enet_packet_create(data.as_ptr().cast(), data.len(), flags) };
        NonNull::new(packet).map(CPacket)
    }

    fn checksum_enabled(&self, host: &ENetHost) -> bool {
        host.checksum.is_some()
    }

    fn checksum(&mut self, host: &ENetHost, slices: &[&[u8]]) -> u32 {
        let Some(checksum) = host.checksum else {
            return 0;
        };
        let count = slices.len().min(4);
        let buffers = buffers(&slices[..count]);
        // SAFETY: calling the program's checksum callback with buffers that
        // describe live slices, as upstream does.
        unsafe { checksum(buffers.as_ptr(), count) }
    }

    fn compression_enabled(&self, host: &ENetHost) -> bool {
        !host.compressor.context.is_null() && host.compressor.compress.is_some()
    }

    fn compress(&mut self, host: &ENetHost, input: &[&[u8]], out: &mut [u8]) -> Option<usize> {
        let compress = host.compressor.compress?;
        if host.compressor.context.is_null() {
            return None;
        }
        let count = input.len().min(4);
        let buffers = buffers(&input[..count]);
        let total: usize = input[..count].iter().map(|slice| slice.len()).sum();
        // SAFETY: the program's compressor, called as upstream does: input
        // buffers totalling `inLimit` bytes, output room `outLimit`.
        let size = unsafe {
            compress(
                host.compressor.context,
                buffers.as_ptr(),
                count,
                total,
                out.as_mut_ptr(),
                out.len(),
            )
        };
        (size > 0 && size <= out.len()).then_some(size)
    }

    fn decompress(&mut self, host: &ENetHost, input: &[u8], out: &mut [u8]) -> Option<usize> {
        let decompress = host.compressor.decompress?;
        if host.compressor.context.is_null() {
            return None;
        }
        // SAFETY: the program's decompressor with live input and output.
        let size = unsafe {
            decompress(
                host.compressor.context,
                input.as_ptr(),
                input.len(),
                out.as_mut_ptr(),
                out.len(),
            )
        };
        (size > 0 && size <= out.len()).then_some(size)
    }

    fn send_early(&mut self, host: &ENetHost, datagrams: &[(SocketAddr, &[u8])]) -> bool {
        if host.socket < 0 {
            return false;
        }
        if crate::sys::udp::send_batch(host.socket, datagrams).is_err() {
            self.send_failed = true;
        }
        true
    }
}
