//! Conversions between socket addresses and the C-visible `ENetAddress`
//! (IPv4 only, as upstream: IPv6 peers show an all-zero address to C).

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};

use crate::abi::ENetAddress;

/// The C-visible form of `address` (zero for IPv6).
pub fn to_enet(address: &SocketAddr) -> ENetAddress {
    match address {
        SocketAddr::V4(v4) => ENetAddress {
            host: u32::from(*v4.ip()).to_be(),
            port: v4.port(),
        },
        SocketAddr::V6(_) => ENetAddress::default(),
    }
}

/// The socket address of a C-visible `ENetAddress`.
pub fn from_enet(address: &ENetAddress) -> SocketAddr {
    SocketAddr::V4(SocketAddrV4::new(
        Ipv4Addr::from(u32::from_be(address.host)),
        address.port,
    ))
}

/// Whether `address` is the IPv4 broadcast address (a peer connected to it
/// adopts the address of whoever answers).
pub fn is_broadcast(address: &SocketAddr) -> bool {
    matches!(address, SocketAddr::V4(v4) if *v4.ip() == Ipv4Addr::BROADCAST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_through_the_c_layout() {
        let address: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let enet = to_enet(&address);
        assert_eq!(
            enet.host.to_ne_bytes(),
            [127, 0, 0, 1],
            "network byte order in memory"
        );
        assert_eq!(enet.port, 5000);
        assert_eq!(from_enet(&enet), address);
        assert_eq!(to_enet(&"[::1]:5".parse().unwrap()), ENetAddress::default());
        assert!(is_broadcast(&"255.255.255.255:1".parse().unwrap()));
    }
}
