//! Differential test of the range coder against the reference library:
//! for thousands of varied inputs our output is byte-identical to upstream's,
//! and each side decompresses the other's output.

mod common;

use std::ffi::c_void;

use common::{Reference, Rng};
use enet::abi::ENetBuffer;

type CreateFn = unsafe extern "C" fn() -> *mut c_void;
type DestroyFn = unsafe extern "C" fn(*mut c_void);
type CompressFn =
    unsafe extern "C" fn(*mut c_void, *const ENetBuffer, usize, usize, *mut u8, usize) -> usize;
type DecompressFn = unsafe extern "C" fn(*mut c_void, *const u8, usize, *mut u8, usize) -> usize;

extern "C" {
    // Our exports, linked from the crate under test.
    fn enet_range_coder_create() -> *mut c_void;
    fn enet_range_coder_destroy(context: *mut c_void);
    fn enet_range_coder_compress(
        context: *mut c_void,
        in_buffers: *const ENetBuffer,
        in_buffer_count: usize,
        in_limit: usize,
        out_data: *mut u8,
        out_limit: usize,
    ) -> usize;
    fn enet_range_coder_decompress(
        context: *mut c_void,
        in_data: *const u8,
        in_limit: usize,
        out_data: *mut u8,
        out_limit: usize,
    ) -> usize;
}

/// One side's range coder, through its C functions.
struct Coder {
    context: *mut c_void,
    compress: CompressFn,
    decompress: DecompressFn,
    destroy: DestroyFn,
}

impl Coder {
    fn ours() -> Coder {
        // SAFETY: plain constructor call.
        let context = unsafe { enet_range_coder_create() };
        assert!(!context.is_null());
        Coder {
            context,
            compress: enet_range_coder_compress,
            decompress: enet_range_coder_decompress,
            destroy: enet_range_coder_destroy,
        }
    }

    fn reference(library: &Reference) -> Coder {
        // SAFETY: the symbols have exactly these C signatures (upstream's header).
        unsafe {
            let create: CreateFn = std::mem::transmute(library.symbol("enet_range_coder_create"));
            let context = create();
            assert!(!context.is_null());
            Coder {
                context,
                compress: std::mem::transmute::<*mut c_void, CompressFn>(
                    library.symbol("enet_range_coder_compress"),
                ),
                decompress: std::mem::transmute::<*mut c_void, DecompressFn>(
                    library.symbol("enet_range_coder_decompress"),
                ),
                destroy: std::mem::transmute::<*mut c_void, DestroyFn>(
                    library.symbol("enet_range_coder_destroy"),
                ),
            }
        }
    }

    fn compress(&self, pieces: &[&[u8]]) -> Vec<u8> {
        let buffers: Vec<ENetBuffer> = pieces
            .iter()
            .map(|piece| ENetBuffer {
                data: piece.as_ptr() as *mut c_void,
                dataLength: piece.len(),
            })
            .collect();
        let total: usize = pieces.iter().map(|piece| piece.len()).sum();
        let mut out = vec![0u8; total * 2 + 64];
        // SAFETY: buffers describe live slices; `out` is writable for its length.
        let len = unsafe {
            (self.compress)(
                self.context,
                buffers.as_ptr(),
                buffers.len(),
                total,
                out.as_mut_ptr(),
                out.len(),
            )
        };
        out.truncate(len);
        out
    }

    fn decompress(&self, input: &[u8], limit: usize) -> Option<Vec<u8>> {
        let mut out = vec![0u8; limit];
        // SAFETY: `input` is readable and `out` writable for their lengths.
        let len = unsafe {
            (self.decompress)(
                self.context,
                input.as_ptr(),
                input.len(),
                out.as_mut_ptr(),
                out.len(),
            )
        };
        (len > 0).then(|| {
            out.truncate(len);
            out
        })
    }
}

impl Drop for Coder {
    fn drop(&mut self) {
        // SAFETY: the context came from this side's create function.
        unsafe { (self.destroy)(self.context) }
    }
}

/// The kinds of data the differential test feeds both coders.
fn generate(rng: &mut Rng, kind: u64, len: usize) -> Vec<u8> {
    match kind {
        0 => rng.bytes(len),
        1 => {
            let words = [
                "the ", "player ", "moved ", "to ", "x=", "12 ", "y=", "-3 ", "score ", "ENet ",
                "\n",
            ];
            let mut text = Vec::with_capacity(len);
            while text.len() < len {
                text.extend_from_slice(words[rng.below(words.len() as u64) as usize].as_bytes());
            }
            text.truncate(len);
            text
        }
        2 => (0..len)
            .map(|_| {
                if rng.below(10) < 8 {
                    b'a'
                } else {
                    rng.next() as u8
                }
            })
            .collect(),
        3 => {
            let period = 1 + rng.below(64) as usize;
            let pattern = rng.bytes(period);
            pattern.iter().cycle().take(len).copied().collect()
        }
        4 => vec![rng.next() as u8; len],
        _ => {
            // Game-state-like records: entity id, position and velocity fields
            // that change slowly from one record to the next.
            let mut data = Vec::with_capacity(len);
            let mut position = [0i16; 3];
            let mut id = 0u16;
            while data.len() < len {
                id = id.wrapping_add(1);
                for axis in &mut position {
                    *axis = axis.wrapping_add(rng.below(5) as i16 - 2);
                }
                data.extend_from_slice(&id.to_le_bytes());
                for axis in position {
                    data.extend_from_slice(&axis.to_le_bytes());
                }
                data.push(rng.below(4) as u8);
            }
            data.truncate(len);
            data
        }
    }
}

#[test]
fn output_is_byte_identical_to_the_reference_and_cross_decompresses() {
    let reference_library = Reference::load();
    let ours = Coder::ours();
    let reference = Coder::reference(&reference_library);
    let mut rng = Rng::new(2026);
    let cases = 2000;
    let mut compared_bytes = 0usize;
    for case in 0..cases {
        // Lengths spread log-uniformly from 1 byte to 64 KiB.
        let magnitude = rng.below(17);
        let len = ((1u64 << magnitude) + rng.below(1 << magnitude)).clamp(1, 65536) as usize;
        let data = generate(&mut rng, case % 6, len);
        // Split into up to 4 non-empty buffers at random points (upstream
        // reads a byte past the end of an empty buffer that is not the first:
        // see `empty_buffers_contribute_nothing`).
        let pieces_count = 1 + rng.below(4) as usize;
        let mut cuts: Vec<usize> = (1..pieces_count)
            .map(|_| rng.below(len as u64) as usize)
            .filter(|&cut| cut > 0)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut pieces = Vec::new();
        let mut start = 0;
        for cut in cuts.into_iter().chain([len]) {
            pieces.push(&data[start..cut]);
            start = cut;
        }

        let expected = reference.compress(&pieces);
        let actual = ours.compress(&pieces);
        assert_eq!(
            actual,
            expected,
            "case {case}: kind {} length {len} in {} buffers",
            case % 6,
            pieces.len()
        );
        compared_bytes += len;
        if expected.is_empty() {
            continue; // incompressible beyond twice its size: both returned 0
        }
        assert_eq!(
            ours.decompress(&expected, len).as_deref(),
            Some(&data[..]),
            "case {case}: ours decodes reference"
        );
        assert_eq!(
            reference.decompress(&actual, len).as_deref(),
            Some(&data[..]),
            "case {case}: reference decodes ours"
        );
    }
    assert!(
        compared_bytes > 1_000_000,
        "the inputs cover real volume ({compared_bytes} bytes)"
    );
}

#[test]
fn output_limits_behave_as_the_reference() {
    let reference_library = Reference::load();
    let ours = Coder::ours();
    let reference = Coder::reference(&reference_library);
    let mut rng = Rng::new(7);
    for case in 0..200 {
        let len = 1 + rng.below(3000) as usize;
        let data = generate(&mut rng, case % 6, len);
        let compressed = reference.compress(&[&data]);
        // Decompressing into one byte less than needed fails on both sides.
        let short = data.len() - 1;
        assert_eq!(
            ours.decompress(&compressed, short),
            reference.decompress(&compressed, short)
        );
        // Truncated compressed input: same result on both sides.
        let truncated = &compressed[..compressed.len() / 2];
        if !truncated.is_empty() {
            assert_eq!(
                ours.decompress(truncated, 4096),
                reference.decompress(truncated, 4096),
                "case {case}"
            );
        }
    }
}

/// A deliberate difference: upstream's compressor reads one byte from an
/// empty input buffer that is not the first (past the end of its data, or a
/// NULL dereference for a zero-length packet). Ours treats an empty buffer as
/// empty, so the output equals that of the same bytes in one buffer.
#[test]
fn empty_buffers_contribute_nothing() {
    let ours = Coder::ours();
    let data = [0xD1u8; 60];
    let whole = ours.compress(&[&data]);
    assert!(!whole.is_empty());
    assert_eq!(ours.compress(&[&data[..10], &[], &data[10..]]), whole);
    assert_eq!(ours.compress(&[&data, &[]]), whole);
    assert_eq!(ours.compress(&[&[], &data]), whole);
}

/// Inputs aimed at the model's rarer paths, where the coder's own
/// structures (see `RootIndex` and the sub-context trees in
/// src/wire/range_coder.rs) must still agree with upstream's trees: rescales
/// of the root context, every byte value, long increasing and decreasing
/// runs, and many model resets in one datagram.
fn edge_case_inputs() -> Vec<Vec<u8>> {
    let mut rng = Rng::new(99);
    let mut inputs = Vec::new();
    // One value between every other value in turn: each pair is new, so the
    // value is coded in the root each time and its root count passes the
    // rescale limit several times per round; a new value and order each round.
    for rounds in [1usize, 3, 12] {
        let mut data = Vec::new();
        for round in 0..rounds {
            let middle = (round * 37 + 5) as u8;
            let mut others: Vec<u8> = (0..=255u8).filter(|&b| b != middle).collect();
            if round % 2 == 1 {
                others.reverse();
            } else if round % 3 == 2 {
                for i in (1..others.len()).rev() {
                    others.swap(i, rng.below(i as u64 + 1) as usize);
                }
            }
            for other in others {
                data.extend_from_slice(&[middle, other]);
            }
        }
        inputs.push(data);
    }
    // Increasing and decreasing runs over all values, and mixtures.
    inputs.push((0..=255u8).collect());
    inputs.push((0..=255u8).rev().collect());
    inputs.push((0..=255u8).cycle().take(70_000).collect());
    inputs.push((0..=255u8).rev().cycle().take(70_000).collect());
    inputs.push((0..40_000u32).map(|i| (i / 3) as u8).collect());
    inputs.push((0..40_000u32).flat_map(|i| [(i % 251) as u8, 7]).collect());
    // Counter-like records, as sequence numbers and indices look.
    inputs.push(
        (0..20_000u32)
            .flat_map(|i| [(i >> 8) as u8, i as u8, (i % 4) as u8])
            .collect(),
    );
    // Many resets: incompressible data, and a value skewed enough to
    // rescale its sub-contexts between the resets.
    inputs.push(rng.bytes(65_536));
    inputs.push(
        (0..65_536)
            .map(|_| {
                if rng.below(8) < 7 {
                    0xEE
                } else {
                    rng.next() as u8
                }
            })
            .collect(),
    );
    // A few values coded in the root very often.
    inputs.push((0..60_000).map(|_| rng.below(3) as u8 * 85).collect());
    inputs
}

#[test]
fn edge_cases_are_byte_identical_to_the_reference() {
    let reference_library = Reference::load();
    let ours = Coder::ours();
    let reference = Coder::reference(&reference_library);
    for (case, data) in edge_case_inputs().iter().enumerate() {
        for pieces in [vec![&data[..]], {
            let (a, b) = data.split_at(data.len() / 3);
            vec![a, b]
        }] {
            let expected = reference.compress(&pieces);
            assert_eq!(ours.compress(&pieces), expected, "case {case}");
            if !expected.is_empty() {
                assert_eq!(
                    ours.decompress(&expected, data.len()).as_deref(),
                    Some(&data[..]),
                    "case {case}: ours decodes reference"
                );
            }
        }
    }
}

/// Decompresses `input` on both sides with the output limit `limit` and
/// checks that both fail or both produce the same bytes.
fn assert_same_decompression(
    ours: &Coder,
    reference: &Coder,
    input: &[u8],
    limit: usize,
    what: &str,
) {
    assert_eq!(
        ours.decompress(input, limit),
        reference.decompress(input, limit),
        "{what}: {} input bytes, limit {limit}",
        input.len()
    );
}

/// Corrupt input: what the decompressor makes of it (the bytes it produces
/// before failing or finishing, or the failure) depends on every model
/// update, so it must match upstream's exactly: random garbage of many
/// lengths, garbage from a small alphabet (extreme codes), valid streams
/// with flipped bits or random tails, and valid streams cut at every length.
#[test]
fn corrupt_input_decompresses_as_the_reference() {
    let reference_library = Reference::load();
    let ours = Coder::ours();
    let reference = Coder::reference(&reference_library);
    let mut rng = Rng::new(4242);
    for case in 0..6000 {
        let len = 1 + rng.below(if case % 10 == 0 { 3000 } else { 300 }) as usize;
        let garbage = match case % 3 {
            0 => rng.bytes(len),
            1 => {
                let alphabet = [0x00, 0xFF, 0x80, 0x7F, 0x01, 0xFE];
                let size = 2 + rng.below(5) as usize;
                (0..len)
                    .map(|_| alphabet[rng.below(size as u64) as usize])
                    .collect()
            }
            _ => rng.bytes(len).iter().map(|b| b & 0x0F).collect(),
        };
        let limit = [1, 7, 300, 4096, 70_000][case % 5];
        assert_same_decompression(&ours, &reference, &garbage, limit, "garbage");
    }
    let mut valid = Vec::new();
    for case in 0..300 {
        let len = 1 + rng.below(if case % 10 == 0 { 20_000 } else { 2000 }) as usize;
        let data = generate(&mut rng, case % 6, len);
        let compressed = reference.compress(&[&data]);
        if !compressed.is_empty() {
            valid.push((data, compressed));
        }
    }
    for (case, (data, compressed)) in valid.iter().enumerate() {
        let limit = data.len() + 64;
        for flips in 1..=3 {
            let mut corrupt = compressed.clone();
            for _ in 0..flips {
                let bit = rng.below(corrupt.len() as u64 * 8) as usize;
                corrupt[bit / 8] ^= 1 << (bit % 8);
            }
            assert_same_decompression(&ours, &reference, &corrupt, limit, "bit flips");
        }
        let mut tail = compressed.clone();
        let cut = rng.below(tail.len() as u64) as usize;
        tail.truncate(cut);
        let extra = 1 + rng.below(64) as usize;
        tail.extend(rng.bytes(extra));
        assert_same_decompression(&ours, &reference, &tail, limit, "random tail");
        if case % 20 == 0 && compressed.len() < 1500 {
            for cut in 1..compressed.len() {
                assert_same_decompression(
                    &ours,
                    &reference,
                    &compressed[..cut],
                    limit,
                    "truncated",
                );
            }
        }
    }
}
