'use strict';
// The seed's two receive-side features, rebuilt on upstream's host->intercept
// hook (no extra C exports): the global packet filter of enet.init(filter)
// and telex detection. ENet calls the hook for every datagram inside
// enet_host_service, with host->receivedAddress/Data/DataLength filled in.
// Returning 1 tells ENet the datagram is consumed; 0 lets ENet parse it.
//
// One registered callback serves every host. It runs inside C, so it only
// decides and copies; telexes and filter errors are queued on the Host and
// emitted after enet_host_service returns. Client hosts also drop incoming
// connection requests here.

const native = require('./native');
const L = require('./layout');
const { formatDottedQuad } = require('./Address');

const CONSUMED = 1;
const NOT_HANDLED = 0;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const NEWLINE = 0x0a;
// ENet header: big-endian peerID whose low 12 bits are 0xFFF only while the
// sender does not know our peer ID yet, i.e. in a connection request.
const PEER_ID_MASK = 0x0fff;
const NO_PEER_ID = 0x0fff;

/** host pointer -> Host, for the hosts whose intercept points here. */
const hostsByPointer = new Map();
let packetFilter = null;
let insideIntercept = false;

/**
 * True for a datagram that asks this host for a new connection. Client hosts
 * drop these, which is what the seed's patched C did: the connector never
 * gets an answer and times out.
 */
function isConnectionRequest(dataPtr, length) {
  if (length < 2) return false;
  const peerID = (native.read.u8(dataPtr, 0) << 8) | native.read.u8(dataPtr, 1);
  return (peerID & PEER_ID_MASK) === NO_PEER_ID;
}

/**
 * The seed's telex rule: at least 2 bytes, first byte '{', and the last
 * byte '}' or (3 bytes or more) the last two bytes '}\n'. No JSON parsing.
 */
function isTelex(dataPtr, length) {
  if (length < 2 || native.read.u8(dataPtr, 0) !== OPEN_BRACE) return false;
  const last = native.read.u8(dataPtr, length - 1);
  if (last === CLOSE_BRACE) return true;
  return length >= 3 && last === NEWLINE && native.read.u8(dataPtr, length - 2) === CLOSE_BRACE;
}

/** {address, port} of the datagram being received (built only when needed). */
function receivedSource(hostPtr) {
  const from = native.readAddress(hostPtr, L.HOST.receivedAddress);
  return { address: formatDottedQuad(from.host), port: from.port };
}

function onIntercept(hostPtr /* , eventPtr */) {
  const host = hostsByPointer.get(hostPtr);
  if (!host) return NOT_HANDLED;
  insideIntercept = true;
  try {
    if (packetFilter !== null) {
      const source = receivedSource(hostPtr);
      let permitted;
      try {
        permitted = packetFilter(source.address, source.port);
      } catch (err) {
        host._queueError(err);
        permitted = false; // a broken filter drops rather than lets everything in
      }
      if (!permitted) return CONSUMED;
    }
    const dataPtr = native.read.pointer(hostPtr, L.HOST.receivedData);
    const length = native.read.size(hostPtr, L.HOST.receivedDataLength);
    if (isTelex(dataPtr, length)) {
      host._queueTelex(native.copyBytes(dataPtr, length), receivedSource(hostPtr));
      return CONSUMED;
    }
    if (host._isClient && isConnectionRequest(dataPtr, length)) return CONSUMED;
    return NOT_HANDLED;
  } catch (err) {
    host._queueError(err);
    return NOT_HANDLED;
  } finally {
    insideIntercept = false;
  }
}

const interceptPointer = native.koffi.register(onIntercept, native.koffi.pointer(native.InterceptCallback));

function attach(host, hostPtr) {
  hostsByPointer.set(hostPtr, host);
  native.write.pointer(hostPtr, L.HOST.intercept, interceptPointer);
}

function detach(hostPtr) {
  hostsByPointer.delete(hostPtr);
}

/** enet.init(filter): filter(ip, port) truthy = keep, falsy (even undefined) = drop. */
function setPacketFilter(filter) {
  if (filter !== undefined && filter !== null && typeof filter !== 'function') {
    throw new TypeError('enet.init: filter must be a function (ip, port) => boolean');
  }
  packetFilter = filter || null;
}

function isInsideIntercept() {
  return insideIntercept;
}

module.exports = { attach, detach, setPacketFilter, isInsideIntercept };
