use super::*;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn compress_vec(input: &[&[u8]]) -> Option<Vec<u8>> {
    let mut table = Box::new(EMPTY_TABLE);
    let mut out = vec![0u8; 2 * input.iter().map(|b| b.len()).sum::<usize>() + 64];
    let len = compress(&mut table, input.iter().copied(), &mut out)?;
    out.truncate(len);
    Some(out)
}

fn decompress_vec(input: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut table = Box::new(EMPTY_TABLE);
    let mut out = vec![0u8; limit];
    let len = decompress(&mut table, input, &mut out)?;
    out.truncate(len);
    Some(out)
}

/// Vectors produced by Debian's libenet 1.3.17 (reference §5.1).
const REFERENCE_VECTORS: &[(&[u8], &str)] = &[
    (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "62026b7ade9daa"),
    (b"hello hello hello hello hello hello hello", "68fbe0c33d7072bdd5fcf8f58190"),
    (
        b"The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.",
        "5515a5772d4d2186ff8ee2a3134a4ec4e4e8ccebf68d9164d085d9189dcc1734fd8e3d227bddf4722e2e09c8f3fef4eff1f03a78d73964",
    ),
    (
        &[1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        "0203ee0ed42408e79452f3aca2",
    ),
];

#[test]
fn compress_matches_reference_vectors() {
    for (input, expected) in REFERENCE_VECTORS {
        assert_eq!(
            hex(&compress_vec(&[input]).unwrap()),
            *expected,
            "input {:?}",
            input
        );
    }
}

#[test]
fn split_input_buffers_compress_identically() {
    for (input, expected) in REFERENCE_VECTORS {
        for split in [1, input.len() / 2, input.len() - 1] {
            let (a, b) = input.split_at(split);
            assert_eq!(hex(&compress_vec(&[a, &[], b]).unwrap()), *expected);
        }
    }
}

#[test]
fn reference_vectors_decompress_exactly() {
    for (input, expected) in REFERENCE_VECTORS {
        let compressed: Vec<u8> = (0..expected.len() / 2)
            .map(|i| u8::from_str_radix(&expected[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        assert_eq!(decompress_vec(&compressed, 4096).unwrap(), *input);
    }
}

#[test]
fn output_limit_one_short_fails() {
    for (input, expected) in REFERENCE_VECTORS {
        let mut table = Box::new(EMPTY_TABLE);
        let mut out = vec![0u8; expected.len() / 2 - 1];
        assert_eq!(compress(&mut table, [*input], &mut out), None);
        let mut out = vec![0u8; expected.len() / 2];
        assert_eq!(
            compress(&mut table, [*input], &mut out),
            Some(expected.len() / 2)
        );
    }
}

#[test]
fn empty_input_is_refused() {
    assert_eq!(compress_vec(&[]), None);
    assert_eq!(compress_vec(&[&[]]), None);
    assert_eq!(decompress_vec(&[], 100), None);
}

/// A small deterministic generator for test data (xorshift).
fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

#[test]
fn round_trips_varied_inputs_including_model_resets_and_rescales() {
    let mut inputs: Vec<Vec<u8>> = vec![
        vec![0; 1],
        vec![255; 5000],
        (0..=255u8).cycle().take(20_000).collect(),
        pseudo_random(1, 4000),
        pseudo_random(2, 64 * 1024),
        b"abababababab".repeat(500),
    ];
    // Skewed: mostly a few values, so counts grow until rescaling kicks in.
    inputs.push(
        pseudo_random(3, 30_000)
            .iter()
            .map(|b| if *b < 200 { b'x' } else { *b & 7 })
            .collect(),
    );
    for input in &inputs {
        let compressed = compress_vec(&[input]).expect("fits in twice the size");
        let restored = decompress_vec(&compressed, input.len()).expect("decompresses");
        assert_eq!(&restored, input, "length {}", input.len());
        assert_eq!(
            decompress_vec(&compressed, input.len() - 1),
            None,
            "limit one short"
        );
    }
}

#[test]
fn hostile_input_never_exceeds_the_limit_or_panics() {
    for seed in 0..2000u64 {
        let len = (seed as usize * 7) % 300 + 1;
        let garbage = pseudo_random(seed + 100, len);
        if let Some(out) = decompress_vec(&garbage, 4096) {
            assert!(out.len() <= 4096);
        }
        assert!(decompress_vec(&garbage, 3).is_none_or(|out| out.len() <= 3));
    }
    // All zeros decode as a stream of symbols until the limit is hit.
    assert!(decompress_vec(&[0; 8], 10).is_none_or(|out| out.len() <= 10));
}

/// The coder's own structures (the root's arrays, the splayed sub-context
/// trees) on the paths the ordinary inputs rarely take: the reference
/// vectors' exact output is checked above and every input (and corrupt
/// input) against upstream in tests/range_coder_reference.rs; here the
/// decompressor must restore each one.
#[test]
fn round_trips_root_rescales_and_ordered_runs() {
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    // One value between every other value: each pair is new, so the value
    // is coded in the root every time and its count there is rescaled.
    for middle in [0u8, 0x80, 0xFF] {
        inputs.push((0..=255u8).flat_map(|other| [middle, other]).collect());
    }
    // Increasing and decreasing runs, which build spines in upstream's trees.
    inputs.push((0..=255u8).cycle().take(10_000).collect());
    inputs.push((0..=255u8).rev().cycle().take(10_000).collect());
    inputs.push(
        (0..30_000u32)
            .flat_map(|i| [(i >> 8) as u8, i as u8])
            .collect(),
    );
    for input in &inputs {
        let compressed = compress_vec(&[input]).expect("fits in twice the size");
        assert_eq!(
            decompress_vec(&compressed, input.len()).as_deref(),
            Some(&input[..])
        );
    }
}
