'use strict';
// enet.Host: an ENetHost plus the seed's polling model. A setInterval timer
// (start/firstStart) runs service-loop.js, which drains enet_host_service
// without blocking and turns each event into the seed's host and peer events.
// User code runs only between FFI calls: what C callbacks record (freed
// packets, telexes, filter errors) is drained right after the call that
// produced it.

const { EventEmitter } = require('node:events');
const native = require('./native');
const L = require('./layout');
const registry = require('./packet-registry');
const intercept = require('./intercept');
const { Address, toAddress, formatDottedQuad } = require('./Address');
const { Packet } = require('./Packet');
const { Peer } = require('./Peer');
const { Event } = require('./Event');
const { PACKET_FLAG } = require('./constants');
const { serviceHost } = require('./service-loop');

const CONSTRUCT = Symbol('enet.Host construction token');
const DEFAULT_INTERVAL_MS = 10;

class Host extends EventEmitter {
  constructor(token, ptr, kind) {
    if (token !== CONSTRUCT) {
      throw new Error('enet.Host cannot be constructed directly: use enet.createServer() or enet.createClient()');
    }
    super();
    this.setMaxListeners(0);
    this._ptr = ptr;
    this._isClient = kind === 'client';
    this._event = new Event(this);
    this._timer = null;
    this._servicing = false;
    this._destroyed = !ptr;
    this._peers = new Map(); // ENetPeer pointer -> Peer
    this._telexes = [];
    this._errors = [];
    /** Seed's public table of tracked peers, keyed by peer pointer (as a string). */
    this.connectedPeers = {};
    if (ptr) intercept.attach(this, ptr);
  }

  /** (Re)starts polling every `intervalMs` ms; the timer keeps the process alive. */
  start(intervalMs = DEFAULT_INTERVAL_MS) {
    if (this.isOffline()) return;
    if (this._timer) clearInterval(this._timer);
    this._timer = setInterval(() => this._service(), intervalMs);
  }

  /** Starts polling at the default interval unless it is already running. */
  firstStart() {
    if (!this._timer) this.start();
  }

  /**
   * Connects to `address` (Address, {address, port} or "ip:port"). Returns the
   * Peer (CONNECTING) or undefined. callback(err, peer): on connect; Error
   * 'failed' if the peer disconnects first; 'maxpeers' (async) when no slot
   * is free; 'host-destroyed' (sync) on a destroyed host.
   */
  connect(address, channelCount = 5, data = 0, callback) {
    if (typeof channelCount === 'function') [callback, channelCount, data] = [channelCount, 5, 0];
    else if (typeof data === 'function') [callback, data] = [data, 0];
    const report = typeof callback === 'function' ? callback : () => {};
    if (this.isOffline()) {
      report(new Error('host-destroyed'));
      return undefined;
    }
    const target = toAddress(address);
    const ptr = native.c.hostConnect(this._ptr, target.toNative(), channelCount, data >>> 0);
    if (native.isNull(ptr)) {
      process.nextTick(report, new Error('maxpeers'));
      return undefined;
    }
    const peer = new Peer(this, ptr, true);
    this._trackPeer(peer);
    const onConnect = () => { peer.off('disconnect', onDisconnect); report(undefined, peer); };
    const onDisconnect = () => { peer.off('connect', onConnect); report(new Error('failed')); };
    peer.once('connect', onConnect);
    peer.once('disconnect', onDisconnect);
    this.firstStart();
    return peer;
  }

  /** Same as destroy(), as in the seed. */
  stop() {
    this.destroy();
  }

  /**
   * Idempotent. Disconnects every tracked peer now (peer 'disconnect' 0 each,
   * after the callbacks of the packets this drops), destroys the ENet host and
   * emits 'destroy'.
   */
  destroy() {
    if (this._destroyed && !this._ptr) return;
    if (intercept.isInsideIntercept()) {
      // called from a packet filter, i.e. inside enet_host_service: defer
      setImmediate(() => this.destroy());
      return;
    }
    this._destroyed = true;
    if (this._timer) clearInterval(this._timer);
    this._timer = null;
    const ptr = this._ptr;
    if (!ptr) return;
    for (const peer of [...this._peers.values()]) {
      if (peer._ptr) native.c.peerDisconnectNow(peer._ptr, 0);
      this._forgetPeer(peer);
      registry.drainFreedPackets();
      peer.emit('disconnect', 0);
    }
    native.c.hostFlush(ptr);
    intercept.detach(ptr);
    this._ptr = null;
    this._telexes.length = 0;
    native.c.hostDestroy(ptr);
    registry.drainFreedPackets();
    this.emit('destroy');
  }

  flush() {
    if (this.isOffline()) return;
    native.c.hostFlush(this._ptr);
    registry.drainFreedPackets();
  }

  /** Sends a Packet, or a Buffer as a RELIABLE packet, to every connected peer. */
  broadcast(channel, packet) {
    if (this.isOffline()) return;
    if (packet instanceof Uint8Array) packet = new Packet(packet, PACKET_FLAG.RELIABLE);
    if (!(packet instanceof Packet)) throw new TypeError('host.broadcast: packet must be an enet.Packet or a Buffer');
    if (!packet._ptr) return;
    const ptr = packet._ptr;
    registry.track(ptr, packet, null);
    packet._handedToEnet(); // ENet now frees it, at once if no peer took it
    native.c.hostBroadcast(this._ptr, channel, ptr);
    registry.drainFreedPackets();
  }

  /** Sends one raw UDP datagram from the host's socket (how telexes are sent). */
  send(ip, port, buffer, callback) {
    const done = typeof callback === 'function' ? callback : () => {};
    if (this.isOffline()) {
      process.nextTick(done, new Error('host-destroyed'));
      return;
    }
    const bytes = typeof buffer === 'string' ? Buffer.from(buffer) : buffer;
    const socket = native.read.i32(this._ptr, L.HOST.socket);
    const sent = native.c.socketSend(socket, new Address(ip, port).toNative(), { data: bytes, dataLength: bytes.length }, 1);
    if (sent < 0) process.nextTick(done, new Error(`send failed (errno ${native.koffi.errno()})`));
    else process.nextTick(done, null, sent);
  }

  /** The bound socket address {address, family, port}; undefined when offline. */
  address() {
    if (this.isOffline()) return undefined;
    const socket = native.read.i32(this._ptr, L.HOST.socket);
    const raw = {};
    if (native.c.socketGetAddress(socket, raw) < 0) return undefined;
    return { address: formatDottedQuad(raw.host), family: 'IPv4', port: raw.port };
  }

  /** Source of the last datagram received; undefined when offline. */
  receivedAddress() {
    if (this.isOffline()) return undefined;
    const raw = native.readAddress(this._ptr, L.HOST.receivedAddress);
    return { address: formatDottedQuad(raw.host), port: raw.port };
  }

  peers() {
    return Object.values(this.connectedPeers);
  }

  enableCompression() {
    if (!this.isOffline()) native.c.hostCompressWithRangeCoder(this._ptr);
    return this;
  }

  disableCompression() {
    if (!this.isOffline()) native.c.hostCompress(this._ptr, null);
    return this;
  }

  throttleBandwidth() {
    if (!this.isOffline()) native.c.hostBandwidthThrottle(this._ptr);
    return this;
  }

  isOnline() {
    return !this.isOffline();
  }

  isOffline() {
    return !this._ptr || this._destroyed;
  }

  // ---- internals -------------------------------------------------------

  /** One timer tick: see service-loop.js. */
  _service() {
    serviceHost(this);
  }

  _drainCallbacks() {
    registry.drainFreedPackets();
    while (this._telexes.length > 0 && !this.isOffline()) {
      const [buffer, source] = this._telexes.shift();
      this.emit('telex', buffer, source);
    }
    while (this._errors.length > 0) this._reportError(this._errors.shift());
  }

  _reportError(err) {
    if (this.listenerCount('error') > 0) this.emit('error', err);
    else console.error(err.message);
  }

  _queueTelex(buffer, source) {
    this._telexes.push([buffer, source]);
  }

  _queueError(err) {
    this._errors.push(err);
  }

  _trackPeer(peer) {
    this._peers.set(peer._ptr, peer);
    this.connectedPeers[String(peer._ptr)] = peer;
  }

  _forgetPeer(peer) {
    if (peer._ptr && this._peers.get(peer._ptr) === peer) {
      this._peers.delete(peer._ptr);
      delete this.connectedPeers[String(peer._ptr)];
    }
    peer._kill();
  }

  _peerFor(ptr) {
    return this._peers.get(ptr);
  }
}

module.exports = { Host, CONSTRUCT };
