'use strict';
// enet.Packet: a JS handle on an ENetPacket. Three owners are possible:
//   'js'       created by `new Packet` and not (yet) handed to ENet: freed by
//              destroy() or, if forgotten, by a FinalizationRegistry;
//   'enet'     queued by a send/broadcast: ENet frees it; the registry's free
//              callback then detaches this wrapper;
//   'received' handed to a 'message' listener: the host destroys it as soon
//              as the listeners return, and this wrapper is detached.
// A detached wrapper answers like the seed's destroyed packet: data()
// undefined, dataLength() 0, flags() 0. It never touches freed memory.

const native = require('./native');
const L = require('./layout');
const registry = require('./packet-registry');
const { PACKET_FLAG } = require('./constants');

const unsentPackets = new FinalizationRegistry((ptr) => native.c.packetDestroy(ptr));
const RECEIVED = Symbol('received packet');

class Packet {
  /** new Packet(buffer | string, flags = 0): copies the bytes; default is unreliable. */
  constructor(data, flags = 0) {
    if (data === RECEIVED) {
      this._ptr = flags;
      this._owner = 'received';
      return;
    }
    if (typeof data === 'string') data = Buffer.from(data, 'utf8');
    if (typeof data === 'number' || typeof data === 'bigint') {
      throw new TypeError('enet.Packet: a numeric argument is not supported (the seed treated it as a heap pointer); pass a Buffer or a string');
    }
    if (!(data instanceof Uint8Array)) {
      throw new TypeError('enet.Packet: data must be a Buffer or a string');
    }
    const ptr = native.c.packetCreate(data, data.length, (flags >>> 0) & ~PACKET_FLAG.SENT);
    if (native.isNull(ptr)) throw new Error('enet.Packet: enet_packet_create failed');
    this._ptr = ptr;
    this._owner = 'js';
    unsentPackets.register(this, ptr, this);
  }

  static _wrapReceived(ptr) {
    return new Packet(RECEIVED, ptr);
  }

  /** A copy of the bytes, or undefined once the packet is gone. */
  data() {
    if (!this._ptr) return undefined;
    const length = native.read.size(this._ptr, L.PACKET.dataLength);
    return native.copyBytes(native.read.pointer(this._ptr, L.PACKET.data), length);
  }

  dataLength() {
    return this._ptr ? native.read.size(this._ptr, L.PACKET.dataLength) : 0;
  }

  flags() {
    return this._ptr ? native.read.u32(this._ptr, L.PACKET.flags) : 0;
  }

  wasSent() {
    return (this.flags() & PACKET_FLAG.SENT) !== 0;
  }

  /**
   * Frees the packet now if JS owns it. A packet ENet still holds is only
   * detached here: freeing it would pull it out from under ENet's queues.
   */
  destroy() {
    if (!this._ptr) return;
    const ptr = this._ptr;
    if (registry.isQueued(ptr)) {
      registry.forgetWrapper(ptr);
      this._detach();
      return;
    }
    this._detach();
    native.c.packetDestroy(ptr);
    registry.drainFreedPackets();
  }

  /** Called once ENet has accepted the packet (send/broadcast succeeded). */
  _handedToEnet() {
    if (this._owner === 'js') unsentPackets.unregister(this);
    this._owner = 'enet';
  }

  /** End of a 'message' emit: free the received packet unless a listener re-sent it. */
  _releaseReceived() {
    if (!this._ptr) return;
    const ptr = this._ptr;
    if (registry.isQueued(ptr)) {
      registry.forgetWrapper(ptr); // forwarded: ENet owns it now
      this._detach();
      return;
    }
    this._detach();
    native.c.packetDestroy(ptr);
  }

  _detach() {
    if (this._owner === 'js') unsentPackets.unregister(this);
    this._ptr = null;
  }
}

module.exports = { Packet };
