//! A chat room in one process: a server and three clients, each host on its
//! own thread. Once everyone is in, the server says so; each client then
//! says a few lines, which the server relays to everyone with a broadcast,
//! and leaves (`disconnect_later`) once it has heard every line of the room.
//!
//!     cargo run --example chat

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use enet::{Event, HostBuilder, Packet};

const CLIENTS: usize = 3;
const LINES_EACH: usize = 3;

fn server(ready: mpsc::Sender<SocketAddr>) -> Result<(), enet::Error> {
    let mut host = HostBuilder::new()
        .bind("127.0.0.1:0".parse().unwrap())
        .peer_limit(CLIENTS)
        .channel_limit(1)
        .build()?;
    ready.send(host.local_addr()).unwrap();
    let mut left = 0;
    let mut names = std::collections::HashMap::new();
    while left < CLIENTS {
        match host.service(Duration::from_millis(50))? {
            Some(Event::Connect { peer, data }) => {
                names.insert(peer, format!("user{data}"));
                if names.len() == CLIENTS {
                    // Broadcasts reach connected peers only: start the
                    // conversation once everyone is in.
                    host.broadcast(0, &Packet::reliable(&b"* everyone is here"[..]));
                }
            }
            Some(Event::Receive { peer, packet, .. }) => {
                let line = format!(
                    "{}: {}",
                    names[&peer],
                    String::from_utf8_lossy(packet.data())
                );
                println!("[server] {line}");
                host.broadcast(0, &Packet::reliable(line.into_bytes()));
            }
            Some(Event::Disconnect { peer, .. }) => {
                println!("[server] {} left", names[&peer]);
                left += 1;
            }
            None => {}
        }
    }
    Ok(())
}

fn client(number: u32, server: SocketAddr) -> Result<usize, enet::Error> {
    let mut host = HostBuilder::new().peer_limit(1).build()?;
    let me = host.connect(server, 1, number)?;
    let mut heard = 0;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        match host.service(Duration::from_millis(50))? {
            Some(Event::Receive { packet, .. }) if packet.data().starts_with(b"*") => {
                let mut peer = host.peer(me)?;
                for line in 1..=LINES_EACH {
                    peer.send(0, Packet::reliable(format!("line {line}").into_bytes()))?;
                }
            }
            Some(Event::Receive { packet, .. }) => {
                heard += 1;
                if number == 1 {
                    println!("[user1 hears] {}", String::from_utf8_lossy(packet.data()));
                }
                if heard == CLIENTS * LINES_EACH {
                    host.peer(me)?.disconnect_later(0);
                }
            }
            Some(Event::Disconnect { .. }) => return Ok(heard),
            _ => {}
        }
    }
    Ok(heard)
}

fn main() {
    let (ready, address) = mpsc::channel();
    let server = thread::spawn(move || server(ready));
    let address = address.recv().unwrap();
    let clients: Vec<_> = (1..=CLIENTS as u32)
        .map(|number| thread::spawn(move || client(number, address)))
        .collect();
    for (number, client) in clients.into_iter().enumerate() {
        let heard = client.join().unwrap().unwrap();
        assert_eq!(
            heard,
            CLIENTS * LINES_EACH,
            "user{} missed lines",
            number + 1
        );
    }
    server.join().unwrap().unwrap();
    println!("everyone heard all {} lines", CLIENTS * LINES_EACH);
}
