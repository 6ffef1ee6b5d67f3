'use strict';
// The seed's public constant tables. PACKET_FLAG deliberately lists only the
// flags the seed exported (no NO_ALLOCATE: a JS Buffer cannot be lent to C).
// PEER_STATE uses upstream's ENetPeerState numbers.

const PACKET_FLAG = Object.freeze({ RELIABLE: 1, UNSEQUENCED: 2, UNRELIABLE_FRAGMENT: 8, SENT: 256 });

const PEER_STATE = Object.freeze({
  DISCONNECTED: 0,
  CONNECTING: 1,
  ACKNOWLEDGING_CONNECT: 2,
  CONNECTION_PENDING: 3,
  CONNECTION_SUCCEEDED: 4,
  CONNECTED: 5,
  DISCONNECT_LATER: 6,
  DISCONNECTING: 7,
  ACKNOWLEDGING_DISCONNECT: 8,
  ZOMBIE: 9,
});

// ENetEventType values returned by enet_host_service.
const EVENT_TYPE = Object.freeze({ NONE: 0, CONNECT: 1, DISCONNECT: 2, RECEIVE: 3 });

// upstream's ENET_PROTOCOL_MAXIMUM_PEER_ID + 1: enet_host_create refuses more.
const MAXIMUM_PEERS = 4095;

module.exports = { PACKET_FLAG, PEER_STATE, EVENT_TYPE, MAXIMUM_PEERS };
