//! A file transfer: a large reliable payload sent in chunks on its own
//! channel, with a progress display driven by what the receiver has
//! acknowledged, and an integrity check at the end.
//!
//!     cargo run --release --example file_transfer -- [MEBIBYTES]
//!
//! The "file" is generated (8 MiB by default); the sender and the receiver
//! are two hosts in one process, each on its own thread.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use enet::{Event, HostBuilder, Packet};

const CHUNK: usize = 256 * 1024;
/// Most unacknowledged bytes the sender queues, so memory stays bounded.
const IN_FLIGHT: usize = 2 * 1024 * 1024;

fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3)
    })
}

fn receiver(ready: mpsc::Sender<SocketAddr>, size: usize) -> Result<u64, enet::Error> {
    let mut host = HostBuilder::new()
        .bind("127.0.0.1:0".parse().unwrap())
        .peer_limit(1)
        .build()?;
    ready.send(host.local_addr()).unwrap();
    let (mut received, mut hash) = (0, 0xcbf2_9ce4_8422_2325);
    loop {
        match host.service(Duration::from_millis(100))? {
            Some(Event::Receive { packet, .. }) => {
                received += packet.len();
                hash = fnv1a(hash, packet.data());
            }
            Some(Event::Disconnect { .. }) if received == size => return Ok(hash),
            Some(Event::Disconnect { .. }) => {
                panic!("sender left after {received} of {size} bytes")
            }
            _ => {}
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mebibytes: usize = std::env::args().nth(1).map_or(Ok(8), |arg| arg.parse())?;
    let size = mebibytes << 20;
    let file: Vec<u8> = (0..size)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761) as u8 ^ (i >> 12) as u8)
        .collect();
    let (ready, address) = mpsc::channel();
    let receiving = thread::spawn(move || receiver(ready, size));
    let mut host = HostBuilder::new().peer_limit(1).build()?;
    let peer = host.connect(address.recv()?, 1, 0)?;
    let start = Instant::now();
    let (mut queued, mut acknowledged, mut connected) = (0, 0, false);
    let mut last_shown = Instant::now();
    // Chunks sent and not yet acknowledged: a packet stops being in flight
    // when the receiver has acknowledged every fragment of it.
    let mut unacknowledged = std::collections::VecDeque::new();
    loop {
        if let Some(event) = host.service(Duration::from_millis(1))? {
            match event {
                Event::Connect { .. } => connected = true,
                Event::Disconnect { .. } => break,
                Event::Receive { .. } => {}
            }
        }
        if !connected {
            continue;
        }
        while unacknowledged
            .front()
            .is_some_and(|chunk: &Packet| !chunk.in_flight())
        {
            acknowledged += unacknowledged.pop_front().map_or(0, |chunk| chunk.len());
        }
        let mut peer = host.peer(peer)?;
        while queued < size && queued - acknowledged < IN_FLIGHT {
            let end = (queued + CHUNK).min(size);
            let chunk = Packet::reliable(&file[queued..end]);
            peer.send(0, chunk.clone())?;
            unacknowledged.push_back(chunk);
            queued = end;
        }
        if last_shown.elapsed() > Duration::from_millis(200) || acknowledged == size {
            last_shown = Instant::now();
            print!(
                "\r{:5.1} % of {mebibytes} MiB acknowledged, rtt {:?}   ",
                100.0 * acknowledged as f64 / size as f64,
                peer.stats().round_trip_time
            );
            std::io::stdout().flush()?;
        }
        if acknowledged == size {
            peer.disconnect_later(0);
            connected = false;
        }
    }
    let elapsed = start.elapsed();
    println!();
    let hash = receiving.join().unwrap()?;
    assert_eq!(
        hash,
        fnv1a(0xcbf2_9ce4_8422_2325, &file),
        "the received file differs"
    );
    println!(
        "{mebibytes} MiB delivered intact in {:.2} s ({:.1} MiB/s)",
        elapsed.as_secs_f64(),
        mebibytes as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}
