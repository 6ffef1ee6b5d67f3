//! Packet allocation and the CRC32 checksum export.

use core::ffi::{c_int, c_void};
use core::ptr;

use super::callbacks::{enet_free, enet_malloc};
use super::packet_cache;
use crate::abi::{ENetBuffer, ENetPacket, ENetPacketFlag};
use crate::wire::crc32::Crc32;

const NO_ALLOCATE: u32 = ENetPacketFlag::ENET_PACKET_FLAG_NO_ALLOCATE as u32;

const HEADER: usize = core::mem::size_of::<ENetPacket>();

/// Where a packet's own bytes start: right behind the struct, in the same
/// allocation (48 bytes in, so as aligned as malloc's block).
fn inline_data(packet: *mut ENetPacket) -> *mut u8 {
    packet.cast::<u8>().wrapping_add(HEADER)
}

/// Creates a packet of `dataLength` bytes with `flags`.
///
/// With `ENET_PACKET_FLAG_NO_ALLOCATE` the packet adopts `data` as is (never
/// copied, never freed by ENet). Otherwise the bytes are copied from `data`,
/// or left uninitialised for the caller to fill if `data` is NULL; a length of
/// 0 gives `data == NULL`. The packet starts with `referenceCount == 0`.
/// Returns NULL if an allocation fails. All memory comes from `enet_malloc`
/// (with the default allocator, a block a destroyed packet left in this
/// thread's cache may be reused; see the README's "C API conventions").
///
/// Unlike upstream, the struct and its bytes are one allocation (the bytes
/// right behind the struct): half the allocator calls per packet. Nothing a
/// program can see changes: `data` points at `dataLength` bytes of its own,
/// stays put when the packet shrinks, and a program that points `data`
/// elsewhere gets upstream's behaviour for that pointer (freed on destroy
/// unless `NO_ALLOCATE`).
#[no_mangle]
pub unsafe extern "C" fn enet_packet_create(
    data: *const c_void,
    dataLength: usize,
    flags: u32,
) -> *mut ENetPacket {
    let owns_data = flags & NO_ALLOCATE == 0 && dataLength != 0;
    let size = if owns_data {
        match HEADER.checked_add(dataLength) {
            Some(size) => size,
            None => return ptr::null_mut(),
        }
    } else {
        HEADER
    };
    let packet = packet_cache::allocate(size).cast::<ENetPacket>();
    if packet.is_null() {
        return ptr::null_mut();
    }
    let payload = if flags & NO_ALLOCATE != 0 {
        data.cast_mut().cast::<u8>()
    } else if !owns_data {
        ptr::null_mut()
    } else {
        let payload = inline_data(packet);
        if !data.is_null() {
            // SAFETY: the caller passes `dataLength` readable bytes at `data`;
            // `payload` is the fresh allocation's `dataLength` bytes behind
            // the struct.
            unsafe { ptr::copy_nonoverlapping(data.cast::<u8>(), payload, dataLength) };
        }
        payload
    };
    // SAFETY: `packet` is a fresh allocation of at least the struct's size
    // and malloc's alignment (which covers pointers and usize).
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

/// Frees a packet's data if it is a separate allocation ENet owns (not the
/// bytes behind the struct, not adopted with `NO_ALLOCATE`).
///
/// # Safety
/// `packet` is a live packet from [`enet_packet_create`].
unsafe fn free_separate_data(packet: *mut ENetPacket) {
    // SAFETY: the caller passes a live packet.
    let (data, flags) = unsafe { ((*packet).data, (*packet).flags) };
    if flags & NO_ALLOCATE == 0 && !data.is_null() && data != inline_data(packet) {
        // SAFETY: a separate data block ENet owns came from enet_malloc
        // (a grown packet's, or one the program put there, as upstream).
        unsafe { enet_free(data.cast()) };
    }
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
        free_separate_data(packet);
        packet_cache::release(packet.cast());
    }
}

/// Resizes a packet's data. Shrinking (or any size with
/// `ENET_PACKET_FLAG_NO_ALLOCATE`) only changes `dataLength`: the data never
/// moves. Growing allocates, copies the old bytes and frees the old data.
/// Returns 0, or -1 for a NULL packet or a failed allocation (the packet is
/// then unchanged).
#[no_mangle]
pub unsafe extern "C" fn enet_packet_resize(packet: *mut ENetPacket, dataLength: usize) -> c_int {
    if packet.is_null() {
        return -1;
    }
    // SAFETY: the caller passes NULL (handled) or a live packet.
    let (length, flags) = unsafe { ((*packet).dataLength, (*packet).flags) };
    if dataLength <= length || flags & NO_ALLOCATE != 0 {
        // SAFETY: as above.
        unsafe { (*packet).dataLength = dataLength };
        return 0;
    }
    let grown = enet_malloc(dataLength).cast::<u8>();
    if grown.is_null() {
        return -1;
    }
    // SAFETY: a live packet (above) whose data holds `length` bytes (packet
    // invariant); the new allocation is larger. The old bytes are freed only
    // if they are a separate allocation (the bytes behind the struct go with
    // the struct).
    unsafe {
        let old = (*packet).data;
        if !old.is_null() {
            ptr::copy_nonoverlapping(old, grown, length);
        }
        free_separate_data(packet);
        (*packet).data = grown;
        (*packet).dataLength = dataLength;
    }
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
