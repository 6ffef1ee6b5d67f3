//! Packet allocation and the CRC32 checksum export.

use core::ffi::{c_int, c_void};
use core::ptr;

use super::callbacks::{enet_free, enet_malloc};
use crate::abi::{ENetBuffer, ENetPacket, ENetPacketFlag};
use crate::wire::crc32::Crc32;

const NO_ALLOCATE: u32 = ENetPacketFlag::ENET_PACKET_FLAG_NO_ALLOCATE as u32;

/// Creates a packet of `dataLength` bytes with `flags`.
///
/// With `ENET_PACKET_FLAG_NO_ALLOCATE` the packet adopts `data` as is (never
/// copied, never freed by ENet). Otherwise the bytes are copied from `data`,
/// or left uninitialised for the caller to fill if `data` is NULL; a length of
/// 0 gives `data == NULL`. The packet starts with `referenceCount == 0`.
/// Returns NULL if an allocation fails. All memory comes from `enet_malloc`.
#[no_mangle]
pub unsafe extern "C" fn enet_packet_create(
    data: *const c_void,
    dataLength: usize,
    flags: u32,
) -> *mut ENetPacket {
    let packet = enet_malloc(core::mem::size_of::<ENetPacket>()).cast::<ENetPacket>();
    if packet.is_null() {
        return ptr::null_mut();
    }
    let payload = if flags & NO_ALLOCATE != 0 {
        data.cast_mut().cast::<u8>()
    } else if dataLength == 0 {
        ptr::null_mut()
    } else {
        let payload = enet_malloc(dataLength).cast::<u8>();
        if payload.is_null() {
            // SAFETY: `packet` came from enet_malloc just above.
            unsafe { enet_free(packet.cast()) };
            return ptr::null_mut();
        }
        if !data.is_null() {
            // SAFETY: the caller passes `dataLength` readable bytes at `data`;
            // `payload` is a fresh allocation of that size.
            unsafe { ptr::copy_nonoverlapping(data.cast::<u8>(), payload, dataLength) };
        }
        payload
    };
    // SAFETY: `packet` is a fresh allocation of the right size and alignment
    // (malloc's alignment covers pointers and usize).
    unsafe {
        packet.write(ENetPacket {
            referenceCount: 0,
            flags,
            data: payload,
            dataLength,
            freeCallback: None,
            userData: ptr::null_mut(),
        })
    };
    packet
}

/// Destroys a packet: calls its `freeCallback` (if any) first, then frees the
/// data (unless `ENET_PACKET_FLAG_NO_ALLOCATE`) and the packet. NULL is
/// ignored. `referenceCount` is not consulted, as upstream. Safe to call on
/// another thread than the one servicing the host that delivered the packet.
#[no_mangle]
pub unsafe extern "C" fn enet_packet_destroy(packet: *mut ENetPacket) {
    if packet.is_null() {
        return;
    }
    // SAFETY: `packet` came from enet_packet_create and is destroyed once.
    unsafe {
        if let Some(callback) = (*packet).freeCallback {
            callback(packet);
        }
        if (*packet).flags & NO_ALLOCATE == 0 && !(*packet).data.is_null() {
            enet_free((*packet).data.cast());
        }
        enet_free(packet.cast());
    }
}

/// Resizes a packet's data. Shrinking (or any size with
/// `ENET_PACKET_FLAG_NO_ALLOCATE`) only changes `dataLength`: the data never
/// moves. Growing allocates, copies the old bytes and frees the old data.
/// Returns 0, or -1 for a NULL packet or a failed allocation (the packet is
/// then unchanged).
#[no_mangle]
pub unsafe extern "C" fn enet_packet_resize(packet: *mut ENetPacket, dataLength: usize) -> c_int {
    // SAFETY: the caller passes NULL or a packet from enet_packet_create.
    let Some(packet) = (unsafe { packet.as_mut() }) else {
        return -1;
    };
    if dataLength <= packet.dataLength || packet.flags & NO_ALLOCATE != 0 {
        packet.dataLength = dataLength;
        return 0;
    }
    let grown = enet_malloc(dataLength).cast::<u8>();
    if grown.is_null() {
        return -1;
    }
    if !packet.data.is_null() {
        // SAFETY: the old data holds `dataLength` bytes (packet invariant) and
        // the new allocation is larger.
        unsafe {
            ptr::copy_nonoverlapping(packet.data, grown, packet.dataLength);
            enet_free(packet.data.cast());
        }
    }
    packet.data = grown;
    packet.dataLength = dataLength;
    0
}

/// CRC-32 of the concatenated buffers, in network byte order (assign it to
/// `host->checksum` to checksum datagrams). NULL or empty input gives 0.
#[no_mangle]
pub unsafe extern "C" fn enet_crc32(buffers: *const ENetBuffer, bufferCount: usize) -> u32 {
    let mut crc = Crc32::new();
    if !buffers.is_null() {
        // SAFETY: the caller passes `bufferCount` readable ENetBuffers.
        let buffers = unsafe { core::slice::from_raw_parts(buffers, bufferCount) };
        for buffer in buffers {
            if buffer.data.is_null() || buffer.dataLength == 0 {
                continue;
            }
            // SAFETY: each buffer describes `dataLength` readable bytes.
            crc.update(unsafe {
                core::slice::from_raw_parts(buffer.data.cast::<u8>(), buffer.dataLength)
            });
        }
    }
    crc.enet_value()
}
