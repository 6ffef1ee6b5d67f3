//! Fuzz target: hostile input to the range decoder. It must never panic or
//! write past the output limit; whatever it decodes must compress and
//! decompress back to itself.
#![no_main]

use enet::wire::range_coder::{self, SymbolTable, EMPTY_TABLE};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local! {
    static TABLE: RefCell<Box<SymbolTable>> = RefCell::new(Box::new(EMPTY_TABLE));
}

fuzz_target!(|data: &[u8]| {
    // The first two bytes choose the output limit (up to 64 KiB).
    if data.len() < 2 {
        return;
    }
    let limit = u16::from_le_bytes([data[0], data[1]]) as usize;
    let input = &data[2..];
    TABLE.with(|table| {
        let table = &mut table.borrow_mut();
        let mut out = vec![0u8; limit];
        let Some(len) = range_coder::decompress(table, input, &mut out) else { return };
        assert!(len <= limit);
        let decoded = &out[..len];
        let mut compressed = vec![0u8; 2 * len + 16];
        if let Some(size) = range_coder::compress(table, [decoded], &mut compressed) {
            let mut again = vec![0u8; len];
            let restored = range_coder::decompress(table, &compressed[..size], &mut again);
            assert_eq!(restored, Some(len));
            assert_eq!(&again[..], decoded);
        }
    });
});
