//! An echo client: connects, sends each argument as a reliable packet,
//! prints the echoes and the round-trip time, then disconnects.
//!
//!     cargo run --example echo_client -- [--server ADDRESS] [MESSAGE...]
//!
//! ADDRESS defaults to 127.0.0.1:7777.

use std::time::{Duration, Instant};

use enet::{Event, HostBuilder, Packet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut server = "127.0.0.1:7777".to_string();
    if let Some(position) = args.iter().position(|arg| arg == "--server") {
        server = args
            .get(position + 1)
            .ok_or("--server needs an address")?
            .clone();
        args.drain(position..position + 2);
    }
    if args.is_empty() {
        args = vec!["hello".into(), "from".into(), "the echo client".into()];
    }
    let server: std::net::SocketAddr = server.parse()?;
    let bind = if server.is_ipv6() {
        "[::]:0"
    } else {
        "0.0.0.0:0"
    };
    let mut host = HostBuilder::new()
        .bind(bind.parse()?)
        .peer_limit(1)
        .build()?;
    let peer = host.connect(server, 1, 0)?;
    let start = Instant::now();
    let mut echoes = 0;
    loop {
        if start.elapsed() > Duration::from_secs(10) {
            return Err("no answer from the server within 10 s".into());
        }
        match host.service(Duration::from_millis(100))? {
            Some(Event::Connect { .. }) => {
                println!("connected to {server}");
                let mut peer = host.peer(peer)?;
                for message in &args {
                    peer.send(0, Packet::reliable(message.as_bytes()))?;
                }
            }
            Some(Event::Receive { packet, .. }) => {
                println!("echo: {}", String::from_utf8_lossy(packet.data()));
                echoes += 1;
                if echoes == args.len() {
                    let peer = host.peer(peer)?;
                    println!("round-trip time {:?}", peer.stats().round_trip_time);
                    peer.disconnect(0);
                }
            }
            Some(Event::Disconnect { .. }) => {
                println!("disconnected");
                return Ok(());
            }
            None => {}
        }
    }
}
