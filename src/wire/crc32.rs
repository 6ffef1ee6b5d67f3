//! CRC-32 (reflected polynomial 0xEDB88320, as zlib and Ethernet), the
//! checksum ENet hosts agree on with `host->checksum = enet_crc32`.
//!
//! Eight tables (slicing-by-8) are built at compile time, so checksumming a
//! full datagram costs about one table lookup per byte divided by eight.

const POLYNOMIAL: u32 = 0xEDB8_8320;

const fn build_tables() -> [[u32; 256]; 8] {
    let mut tables = [[0u32; 256]; 8];
    let mut byte = 0;
    while byte < 256 {
        let mut crc = byte as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ POLYNOMIAL
            } else {
                crc >> 1
            };
            bit += 1;
        }
        tables[0][byte] = crc;
        byte += 1;
    }
    let mut slice = 1;
    while slice < 8 {
        let mut byte = 0;
        while byte < 256 {
            let previous = tables[slice - 1][byte];
            tables[slice][byte] = (previous >> 8) ^ tables[0][(previous & 0xFF) as usize];
            byte += 1;
        }
        slice += 1;
    }
    tables
}

static TABLES: [[u32; 256]; 8] = build_tables();

/// A running CRC-32 over several pieces of input.
#[derive(Debug, Clone, Copy)]
pub struct Crc32 {
    state: u32,
}

impl Default for Crc32 {
    fn default() -> Self {
        Self::new()
    }
}

impl Crc32 {
    /// A checksum over no bytes yet.
    pub const fn new() -> Self {
        Crc32 { state: 0xFFFF_FFFF }
    }

    /// Feeds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        let mut crc = self.state;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let low = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) ^ crc;
            let high = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]);
            crc = TABLES[7][(low & 0xFF) as usize]
                ^ TABLES[6][((low >> 8) & 0xFF) as usize]
                ^ TABLES[5][((low >> 16) & 0xFF) as usize]
                ^ TABLES[4][(low >> 24) as usize]
                ^ TABLES[3][(high & 0xFF) as usize]
                ^ TABLES[2][((high >> 8) & 0xFF) as usize]
                ^ TABLES[1][((high >> 16) & 0xFF) as usize]
                ^ TABLES[0][(high >> 24) as usize];
        }
        for &byte in chunks.remainder() {
            crc = (crc >> 8) ^ TABLES[0][((crc ^ byte as u32) & 0xFF) as usize];
        }
        self.state = crc;
    }

    /// The standard CRC-32 value of everything fed so far.
    pub fn value(&self) -> u32 {
        !self.state
    }

    /// The value as `enet_crc32` returns it: converted to network byte order,
    /// so that storing it natively puts the CRC on the wire big-endian.
    pub fn enet_value(&self) -> u32 {
        self.value().to_be()
    }
}

/// The datagram checksum as `enet_crc32` computes it over a list of
/// buffers (the embeddings' checksum hook when checksums are on).
pub fn enet_checksum(buffers: &[&[u8]]) -> u32 {
    let mut crc = Crc32::new();
    for buffer in buffers {
        crc.update(buffer);
    }
    crc.enet_value()
}

/// The standard CRC-32 of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(bytes);
    crc.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bitwise(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in bytes {
            crc ^= byte as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ POLYNOMIAL
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn check_value_of_the_standard() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn enet_value_is_network_order() {
        let mut crc = Crc32::new();
        crc.update(b"123456789");
        assert_eq!(crc.enet_value().to_ne_bytes(), [0xCB, 0xF4, 0x39, 0x26]);
    }

    #[test]
    fn sliced_tables_agree_with_bitwise_definition_for_every_split() {
        let data: Vec<u8> = (0..1000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in [0, 1, 7, 8, 9, 63, 64, 65, 999, 1000] {
            assert_eq!(crc32(&data[..len]), bitwise(&data[..len]), "length {len}");
        }
        for split in [0, 1, 5, 8, 333, 1000] {
            let mut crc = Crc32::new();
            crc.update(&data[..split]);
            crc.update(&data[split..]);
            assert_eq!(crc.value(), bitwise(&data), "split at {split}");
        }
    }
}
