//! The range coder exports (`enet_range_coder_*`), the compressor that
//! `enet_host_compress_with_range_coder` installs.

use core::ffi::c_void;

use super::boundary::boundary;
use super::callbacks::{enet_free, enet_malloc};
use crate::abi::ENetBuffer;
use crate::wire::range_coder::{self, SymbolTable, EMPTY_TABLE};

/// Allocates a range coder context (its model table, 64 KiB, through
/// `enet_malloc`). Returns NULL if the allocation fails.
#[no_mangle]
pub extern "C" fn enet_range_coder_create() -> *mut c_void {
    let table = enet_malloc(core::mem::size_of::<SymbolTable>()).cast::<SymbolTable>();
    if !table.is_null() {
        // SAFETY: a fresh allocation of the table's size; malloc's alignment
        // covers the table's (2). Written before any use.
        unsafe { table.write(EMPTY_TABLE) };
    }
    table.cast()
}

/// Frees a context from `enet_range_coder_create`; NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn enet_range_coder_destroy(context: *mut c_void) {
    if !context.is_null() {
        // SAFETY: the caller passes a context from enet_range_coder_create.
        unsafe { enet_free(context) };
    }
}

/// Compresses the concatenation of `inBufferCount` buffers into at most
/// `outLimit` bytes at `outData`. Returns the compressed size, or 0 if there
/// is no input (`inBufferCount` or `inLimit` 0), the output would not fit, or
/// an argument is NULL. Output is byte-identical to upstream's.
#[no_mangle]
pub unsafe extern "C" fn enet_range_coder_compress(
    context: *mut c_void,
    inBuffers: *const ENetBuffer,
    inBufferCount: usize,
    inLimit: usize,
    outData: *mut u8,
    outLimit: usize,
) -> usize {
    if context.is_null()
        || inBuffers.is_null()
        || outData.is_null()
        || inBufferCount == 0
        || inLimit == 0
    {
        return 0;
    }
    // SAFETY: `context` came from enet_range_coder_create and is used by one
    // call at a time; the buffers and the output follow the C contract.
    let (table, buffers, out) = unsafe {
        (
            &mut *context.cast::<SymbolTable>(),
            core::slice::from_raw_parts(inBuffers, inBufferCount),
            core::slice::from_raw_parts_mut(outData, outLimit),
        )
    };
    let input = buffers.iter().map(|buffer| {
        if buffer.data.is_null() {
            &[][..]
        } else {
            // SAFETY: each buffer describes `dataLength` readable bytes.
            unsafe { core::slice::from_raw_parts(buffer.data.cast::<u8>(), buffer.dataLength) }
        }
    });
    boundary(None, || range_coder::compress(table, input, out)).unwrap_or(0)
}

/// Decompresses `inLimit` bytes into at most `outLimit` bytes. Returns the
/// decompressed size, or 0 if the input is empty or malformed, the output
/// would exceed `outLimit`, or an argument is NULL.
#[no_mangle]
pub unsafe extern "C" fn enet_range_coder_decompress(
    context: *mut c_void,
    inData: *const u8,
    inLimit: usize,
    outData: *mut u8,
    outLimit: usize,
) -> usize {
    if context.is_null() || inData.is_null() || outData.is_null() || inLimit == 0 {
        return 0;
    }
    // SAFETY: as for compression; the input holds `inLimit` readable bytes.
    let (table, input, out) = unsafe {
        (
            &mut *context.cast::<SymbolTable>(),
            core::slice::from_raw_parts(inData, inLimit),
            core::slice::from_raw_parts_mut(outData, outLimit),
        )
    };
    boundary(None, || range_coder::decompress(table, input, out)).unwrap_or(0)
}
