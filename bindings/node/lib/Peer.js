'use strict';
// enet.Peer: one ENet connection. A peer is "dead" once ENet is done with it
// (disconnect event, disconnectNow, reset, host destroyed): its pointer is
// dropped (ENet reuses peer slots), so later calls are harmless no-ops.

const { EventEmitter } = require('node:events');
const native = require('./native');
const L = require('./layout');
const registry = require('./packet-registry');
const { Packet } = require('./Packet');
const { PACKET_FLAG, PEER_STATE } = require('./constants');
const { formatDottedQuad } = require('./Address');
const streams = require('./streams');

class Peer extends EventEmitter {
  constructor(host, ptr, outgoing) {
    super();
    this.setMaxListeners(0);
    this._host = host;
    this._ptr = ptr;
    this._outgoing = outgoing;
    this._address = undefined;
  }

  /**
   * Queues `data` (Packet, Buffer or string; Buffers and strings become
   * RELIABLE packets) on `channel`. Returns false on success, true on error
   * (seed contract). callback(err) runs synchronously on error, else when
   * ENet frees the packet: undefined if sent, 'packet-not-delivered' if not.
   */
  send(channel, data, callback) {
    const fail = (message) => {
      if (typeof callback === 'function') callback(new Error(message));
      return true;
    };
    if (this._host.isOffline()) return fail('host-destroyed');
    if (!this._ptr) return fail('Peer is disconnected');

    let packet = data;
    let createdHere = false;
    if (typeof data === 'string' || data instanceof Uint8Array) {
      packet = new Packet(data, PACKET_FLAG.RELIABLE);
      createdHere = true;
    }
    if (!(packet instanceof Packet) || !packet._ptr) return fail('null packet');
    if (!Number.isInteger(channel) || channel < 0 || channel > 255) {
      if (createdHere) packet.destroy();
      return fail('Packet not queued');
    }

    const ptr = packet._ptr;
    const undo = registry.track(ptr, packet, typeof callback === 'function' ? callback : null);
    if (native.c.peerSend(this._ptr, channel, ptr) < 0) {
      undo();
      // ENet refused it, so we still own it: free what we created (the seed leaked it).
      if (createdHere) packet.destroy();
      return fail('Packet not queued');
    }
    packet._handedToEnet();
    return false;
  }

  /** Graceful disconnect; 'disconnect' comes later from ENet. */
  disconnect(data = 0) {
    if (this._ptr) {
      native.c.peerDisconnect(this._ptr, data >>> 0);
      registry.drainFreedPackets();
    }
    return this;
  }

  /** Immediate disconnect; emits 'disconnect' synchronously with undefined (seed contract). */
  disconnectNow(data = 0) {
    if (this._ptr) {
      native.c.peerDisconnectNow(this._ptr, data >>> 0);
      this._host._forgetPeer(this);
      registry.drainFreedPackets();
      this.emit('disconnect', undefined);
    }
    return this;
  }

  /** Disconnects once queued outgoing data has been sent. */
  disconnectLater(data = 0) {
    if (this._ptr) {
      native.c.peerDisconnectLater(this._ptr, data >>> 0);
      registry.drainFreedPackets();
    }
    return this;
  }

  /** Silent local drop: no packet, no event. */
  reset() {
    if (this._ptr) {
      native.c.peerReset(this._ptr);
      this._host._forgetPeer(this);
      registry.drainFreedPackets();
    }
    return this;
  }

  ping() {
    if (this._ptr) native.c.peerPing(this._ptr);
    return this;
  }

  /**
   * Not in the seed: enet_peer_timeout(limit, minimum, maximum) in
   * milliseconds (0 keeps ENet's default), e.g. to fail a connect fast.
   */
  timeout(limit = 0, minimum = 0, maximum = 0) {
    if (this._ptr) native.c.peerTimeout(this._ptr, limit >>> 0, minimum >>> 0, maximum >>> 0);
    return this;
  }

  state() {
    return this._ptr ? native.read.u32(this._ptr, L.PEER.state) : PEER_STATE.DISCONNECTED;
  }

  /** {address, port}; read live while the peer exists, else the last value read. */
  address() {
    if (this._ptr) {
      const raw = native.readAddress(this._ptr, L.PEER.address);
      this._address = { address: formatDottedQuad(raw.host), port: raw.port };
    }
    return this._address;
  }

  incomingDataTotal() {
    return this._ptr ? native.read.u32(this._ptr, L.PEER.incomingDataTotal) : 0;
  }

  outgoingDataTotal() {
    return this._ptr ? native.read.u32(this._ptr, L.PEER.outgoingDataTotal) : 0;
  }

  /** Bytes of reliable data sent and not yet acknowledged (broken in the seed, works here). */
  reliableDataInTransit() {
    return this._ptr ? native.read.u32(this._ptr, L.PEER.reliableDataInTransit) : 0;
  }

  /** Not in the seed: the peer's smoothed round-trip time in ms. */
  roundTripTime() {
    return this._ptr ? native.read.u32(this._ptr, L.PEER.roundTripTime) : 0;
  }

  createReadStream(channel) {
    return this._ptr ? streams.createReadStream(this, channel) : undefined;
  }

  createWriteStream(channel, options) {
    return this._ptr ? streams.createWriteStream(this, channel, options) : undefined;
  }

  createDuplexStream(channel, options) {
    return this._ptr ? streams.createDuplexStream(this, channel, options) : undefined;
  }

  /** ENet is done with this peer: drop the pointer so nothing touches the reused slot. */
  _kill() {
    this.address(); // keep the last address for address() after death
    this._ptr = null;
  }
}

module.exports = { Peer };
