//! An echo server: sends every packet back to its sender, on the same
//! channel with the same delivery mode.
//!
//!     cargo run --example echo_server -- [ADDRESS] [--clients N]
//!
//! ADDRESS defaults to 127.0.0.1:7777 (use `[::1]:7777` for IPv6). With
//! `--clients N` the server exits after N clients have come and gone.

use std::time::Duration;

use enet::{Event, HostBuilder, Packet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut address = "127.0.0.1:7777".to_string();
    let mut clients: Option<usize> = None;
    while let Some(arg) = args.next() {
        if arg == "--clients" {
            clients = Some(args.next().ok_or("--clients needs a number")?.parse()?);
        } else {
            address = arg;
        }
    }
    let mut host = HostBuilder::new()
        .bind(address.parse()?)
        .peer_limit(64)
        .build()?;
    println!("echo server on {}", host.local_addr());
    let mut gone = 0;
    while clients.map_or(true, |wanted| gone < wanted) {
        match host.service(Duration::from_millis(100))? {
            Some(Event::Connect { peer, data }) => {
                let address = host.peer(peer)?.address();
                println!("{address:?} connected (data {data})");
            }
            Some(Event::Receive {
                peer,
                channel,
                packet,
            }) => {
                let echo = Packet::new(packet.data(), packet.mode());
                // The peer may be disconnecting; nothing to echo to then.
                if let Ok(mut peer) = host.peer(peer) {
                    peer.send(channel, echo)?;
                }
            }
            Some(Event::Disconnect { peer, .. }) => {
                gone += 1;
                println!("client in slot {} left", peer.slot());
            }
            None => {}
        }
    }
    host.flush()?;
    Ok(())
}
