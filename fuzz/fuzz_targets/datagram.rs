//! Fuzz target: a received datagram through the wire codec, as a host would
//! see it. Header, optional checksum slot, optional compressed body, then
//! every command. Nothing may panic; every parsed command must re-emit to
//! the bytes it was parsed from.
#![no_main]

use enet::wire::crc32::Crc32;
use enet::wire::range_coder::{self, SymbolTable, EMPTY_TABLE};
use enet::wire::{checksum, Command, Commands, Header};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local! {
    static TABLE: RefCell<Box<SymbolTable>> = RefCell::new(Box::new(EMPTY_TABLE));
}

fn check_commands(body: &[u8]) {
    let mut rest = body;
    for parsed in Commands::new(body) {
        let Ok((command, payload)) = parsed else { return };
        let size = command.size();
        let mut emitted = vec![0u8; size];
        assert_eq!(command.emit(&mut emitted), Ok(size));
        assert_eq!(&emitted[..], &rest[..size], "re-emitted command differs");
        emitted.extend_from_slice(payload);
        let reparsed = Command::parse(&emitted).expect("re-emitted command parses");
        assert_eq!((reparsed.command, reparsed.payload), (command, payload));
        rest = &rest[size + payload.len()..];
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks whether checksums are in use, like a host setting.
    let Some((&mode, datagram)) = data.split_first() else { return };
    let Ok(header) = Header::parse(datagram) else { return };
    let mut datagram = datagram.to_vec();
    let mut start = header.len();
    if mode & 1 == 1 {
        let verified = checksum::verify(&mut datagram, start, mode as u32, |bytes| {
            let mut crc = Crc32::new();
            crc.update(bytes);
            crc.enet_value()
        });
        if verified.is_err() {
            return;
        }
        start += 4;
    }
    let body = &datagram[start.min(datagram.len())..];
    if header.compressed {
        let mut out = [0u8; 4096];
        let len = TABLE.with(|table| range_coder::decompress(&mut table.borrow_mut(), body, &mut out));
        if let Some(len) = len {
            check_commands(&out[..len]);
        }
    } else {
        check_commands(body);
    }
});
