//! `enet_crc32` against the reference library on the same buffer lists:
//! identical values for varied lengths and splits, including empty buffers.

mod common;

use std::ffi::c_void;

use common::{Reference, Rng};
use enet::abi::ENetBuffer;

type Crc32Fn = unsafe extern "C" fn(*const ENetBuffer, usize) -> u32;

extern "C" {
    fn enet_crc32(buffers: *const ENetBuffer, buffer_count: usize) -> u32;
}

#[test]
fn same_checksum_as_the_reference_for_every_buffer_list() {
    let library = Reference::load();
    // SAFETY: the reference symbol has this exact C signature.
    let reference: Crc32Fn = unsafe { std::mem::transmute(library.symbol("enet_crc32")) };
    let mut rng = Rng::new(32);
    for case in 0..3000 {
        let count = rng.below(6) as usize;
        let pieces: Vec<Vec<u8>> = (0..count)
            .map(|_| {
                let len = if rng.below(4) == 0 {
                    0
                } else {
                    rng.below(1500) as usize
                };
                rng.bytes(len)
            })
            .collect();
        let buffers: Vec<ENetBuffer> = pieces
            .iter()
            .map(|piece| ENetBuffer {
                data: piece.as_ptr() as *mut c_void,
                dataLength: piece.len(),
            })
            .collect();
        // SAFETY: the buffers describe live slices.
        let (ours, theirs) = unsafe {
            (
                enet_crc32(buffers.as_ptr(), buffers.len()),
                reference(buffers.as_ptr(), buffers.len()),
            )
        };
        assert_eq!(ours, theirs, "case {case}: {count} buffers");
    }
}
