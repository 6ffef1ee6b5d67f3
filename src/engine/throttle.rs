//! The host bandwidth throttle (upstream's `enet_host_bandwidth_throttle`):
//! once per second, shares the host's outgoing bandwidth among connected
//! peers through their packet throttle limits, and tells peers their share
//! of the host's incoming bandwidth when it changed.

use super::commands::command;
use super::hooks::Hooks;
use super::host::{Host, CONTROL_CHANNEL};
use crate::abi::*;
use crate::wire::command::FLAG_ACKNOWLEDGE;
use crate::wire::Body;

impl<H: Hooks> Host<H> {
    /// Runs the bandwidth throttle if a throttle interval has passed.
    pub fn bandwidth_throttle(&mut self, now: u32) {
        let elapsed = now.wrapping_sub(self.raw.bandwidthThrottleEpoch);
        if elapsed < ENET_HOST_BANDWIDTH_THROTTLE_INTERVAL {
            return;
        }
        self.raw.bandwidthThrottleEpoch = now;
        let mut remaining = self.raw.connectedPeers;
        if remaining == 0 {
            return;
        }
        let connected: Vec<usize> = (0..self.peers.len())
            .filter(|&index| self.is_connected(index))
            .collect();
        let scale = ENET_PEER_PACKET_THROTTLE_SCALE;
        let mut data_total = u32::MAX;
        let mut bandwidth = u32::MAX;
        if self.raw.outgoingBandwidth != 0 {
            data_total = connected.iter().fold(0u32, |total, &index| {
                total.wrapping_add(self.peers[index].outgoingDataTotal)
            });
            bandwidth = self.raw.outgoingBandwidth.wrapping_mul(elapsed) / 1000;
        }
        let throttle_for = |bandwidth: u32, data_total: u32| {
            if data_total <= bandwidth {
                scale
            } else {
                (bandwidth as u64 * scale as u64 / data_total as u64) as u32
            }
        };
        let mut needs_adjustment = self.raw.bandwidthLimitedPeers > 0;
        while remaining > 0 && needs_adjustment {
            needs_adjustment = false;
            let throttle = throttle_for(bandwidth, data_total);
            for &index in &connected {
                let peer = &mut self.peers[index];
                if peer.incomingBandwidth == 0 || peer.outgoingBandwidthThrottleEpoch == now {
                    continue;
                }
                let peer_bandwidth = peer.incomingBandwidth.wrapping_mul(elapsed) / 1000;
                if (throttle as u64 * peer.outgoingDataTotal as u64 / scale as u64) as u32
                    <= peer_bandwidth
                {
                    continue;
                }
                peer.packetThrottleLimit = (peer_bandwidth as u64 * scale as u64
                    / peer.outgoingDataTotal.max(1) as u64)
                    as u32;
                if peer.packetThrottleLimit == 0 {
                    peer.packetThrottleLimit = 1;
                }
                if peer.packetThrottle > peer.packetThrottleLimit {
                    peer.packetThrottle = peer.packetThrottleLimit;
                }
                peer.outgoingBandwidthThrottleEpoch = now;
                peer.incomingDataTotal = 0;
                peer.outgoingDataTotal = 0;
                needs_adjustment = true;
                remaining -= 1;
                bandwidth = bandwidth.wrapping_sub(peer_bandwidth);
                data_total = data_total.wrapping_sub(peer_bandwidth);
            }
        }
        if remaining > 0 {
            let throttle = throttle_for(bandwidth, data_total);
            for &index in &connected {
                let peer = &mut self.peers[index];
                if peer.outgoingBandwidthThrottleEpoch == now {
                    continue;
                }
                peer.packetThrottleLimit = throttle;
                if peer.packetThrottle > peer.packetThrottleLimit {
                    peer.packetThrottle = peer.packetThrottleLimit;
                }
                peer.incomingDataTotal = 0;
                peer.outgoingDataTotal = 0;
            }
        }
        if self.raw.recalculateBandwidthLimits != 0 {
            self.raw.recalculateBandwidthLimits = 0;
            self.send_bandwidth_limits(now, &connected);
        }
    }

    /// Divides the host's incoming bandwidth among connected peers and sends
    /// each its share in a BANDWIDTH_LIMIT command.
    fn send_bandwidth_limits(&mut self, now: u32, connected: &[usize]) {
        let mut remaining = self.raw.connectedPeers;
        let mut bandwidth = self.raw.incomingBandwidth;
        let mut limit = 0;
        let mut needs_adjustment = true;
        if bandwidth != 0 {
            while remaining > 0 && needs_adjustment {
                needs_adjustment = false;
                limit = bandwidth / remaining as u32;
                for &index in connected {
                    let peer = &mut self.peers[index];
                    if peer.incomingBandwidthThrottleEpoch == now {
                        continue;
                    }
                    if peer.outgoingBandwidth > 0 && peer.outgoingBandwidth >= limit {
                        continue;
                    }
                    peer.incomingBandwidthThrottleEpoch = now;
                    needs_adjustment = true;
                    remaining -= 1;
                    bandwidth = bandwidth.wrapping_sub(peer.outgoingBandwidth);
                }
            }
        }
        let outgoing_bandwidth = self.raw.outgoingBandwidth;
        for &index in connected {
            let peer = &self.peers[index];
            let incoming_bandwidth = if peer.incomingBandwidthThrottleEpoch == now {
                peer.outgoingBandwidth
            } else {
                limit
            };
            let body = Body::BandwidthLimit {
                incoming_bandwidth,
                outgoing_bandwidth,
            };
            self.queue_outgoing(
                index,
                command(FLAG_ACKNOWLEDGE, CONTROL_CHANNEL, body),
                None,
                0,
                0,
            );
        }
    }

    /// When the host next needs servicing: the earliest peer timer or the
    /// next bandwidth throttle pass, if any.
    pub fn next_timeout(&mut self) -> Option<u32> {
        let timer = self.scheduler.next_due();
        let throttle = (self.raw.connectedPeers > 0).then(|| {
            self.raw
                .bandwidthThrottleEpoch
                .wrapping_add(ENET_HOST_BANDWIDTH_THROTTLE_INTERVAL)
        });
        match (timer, throttle) {
            (Some(a), Some(b)) => Some(if super::time::less(a, b) { a } else { b }),
            (a, b) => a.or(b),
        }
    }
}
