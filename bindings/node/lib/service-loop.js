'use strict';
// One polling tick of a Host: call enet_host_service with a zero timeout until
// it has nothing more, and turn each ENet event into the seed's events:
//   CONNECT    outgoing peer: peer 'connect', then host 'connect'(peer, undefined, true);
//              incoming: a new Peer, host 'connect'(peer, data, false);
//   DISCONNECT peer 'disconnect'(data), the peer is dead afterwards;
//   RECEIVE    host 'message'(peer, packet, channel), then peer 'message';
//              the packet is destroyed (and its wrapper invalidated) after both.

const native = require('./native');
const registry = require('./packet-registry');
const { Peer } = require('./Peer');
const { EVENT_TYPE } = require('./constants');

// Bound the work of one timer tick so a flood cannot starve Node's event loop.
const MAX_EVENTS_PER_TICK = 1024;

function serviceHost(host) {
  if (host._servicing || host.isOffline()) return;
  host._servicing = true; // a listener may cause re-entry (e.g. via flush); never nest service calls
  try {
    for (let n = 0; n < MAX_EVENTS_PER_TICK && !host.isOffline(); n++) {
      host._event._reset();
      const result = native.c.hostService(host._ptr, host._event.buffer, 0);
      host._drainCallbacks();
      if (result < 0) {
        host._reportError(new Error('Error servicing host'));
        break;
      }
      if (result === 0) break;
      dispatchEvent(host, host._event);
    }
  } finally {
    host._servicing = false;
  }
}

function dispatchEvent(host, event) {
  const peerPtr = event.peerPtr();
  switch (event.type()) {
    case EVENT_TYPE.CONNECT: return onConnect(host, peerPtr, event.data());
    case EVENT_TYPE.DISCONNECT: return onDisconnect(host, peerPtr, event.data());
    case EVENT_TYPE.RECEIVE: return onReceive(host, peerPtr, event.packet(), event.channelID());
    default: return undefined;
  }
}

function onConnect(host, peerPtr, data) {
  const known = host._peerFor(peerPtr);
  if (known && known._outgoing) {
    known.emit('connect');
    host.emit('connect', known, undefined, true);
    return;
  }
  if (host._isClient) {
    // Client hosts refuse incoming connections. intercept.js already drops
    // connection requests; this is the backstop should one get through.
    native.c.peerDisconnectNow(peerPtr, 0);
    registry.drainFreedPackets();
    return;
  }
  const peer = new Peer(host, peerPtr, false);
  host._trackPeer(peer);
  host.emit('connect', peer, data, false);
}

function onDisconnect(host, peerPtr, data) {
  const peer = host._peerFor(peerPtr);
  if (!peer) return;
  host._forgetPeer(peer);
  peer.emit('disconnect', data);
}

function onReceive(host, peerPtr, packet, channel) {
  try {
    const peer = host._peerFor(peerPtr);
    if (!peer) return;
    host.emit('message', peer, packet, channel);
    peer.emit('message', packet, channel);
  } finally {
    if (packet) packet._releaseReceived();
    registry.drainFreedPackets();
  }
}

module.exports = { serviceHost, MAX_EVENTS_PER_TICK };
