'use strict';
// enet.Event: reads one ENetEvent. Each Host owns one, whose storage (a
// 32-byte Buffer with upstream's ENetEvent layout) is filled by
// enet_host_service; fields are decoded only when an event arrived.
// Internal in the seed but exported, so it is exported here too.

const L = require('./layout');
const { Packet } = require('./Packet');

class Event {
  constructor(host) {
    this.buffer = Buffer.alloc(L.EVENT.SIZE);
    this._host = host || null;
    this._packet = undefined;
  }

  /** ENetEventType (0 none, 1 connect, 2 disconnect, 3 receive). */
  type() {
    return this.buffer ? this.buffer.readInt32LE(L.EVENT.type) : 0;
  }

  /** The ENetPeer pointer as a BigInt (0n when none). */
  peerPtr() {
    return this.buffer ? this.buffer.readBigUInt64LE(L.EVENT.peer) : 0n;
  }

  /** The Peer the owning host tracks for this event's peer, if any. */
  peer() {
    const ptr = this.peerPtr();
    return ptr && this._host ? this._host._peerFor(ptr) : undefined;
  }

  channelID() {
    return this.buffer ? this.buffer.readUInt8(L.EVENT.channelID) : 0;
  }

  data() {
    return this.buffer ? this.buffer.readUInt32LE(L.EVENT.data) : 0;
  }

  /** The received packet as a Packet (one wrapper per event), or undefined. */
  packet() {
    if (this._packet === undefined && this.buffer) {
      const ptr = this.buffer.readBigUInt64LE(L.EVENT.packet);
      this._packet = ptr ? Packet._wrapReceived(ptr) : null;
    }
    return this._packet || undefined;
  }

  /** Forgets the previous event (before the next service call). */
  _reset() {
    this._packet = undefined;
  }

  /** Releases the storage; the accessors then read as an empty event. */
  free() {
    this.buffer = null;
    this._packet = undefined;
  }
}

module.exports = { Event };
