'use strict';
// Ownership of packets handed to ENet. ENet frees a queued packet whenever it
// likes (acknowledged, transmitted, peer reset, host destroyed, broadcast with
// no taker); the only notice is packet->freeCallback. This module installs ONE
// registered koffi callback for every packet (koffi has a limited number of
// callback slots, so never one per packet), and:
//   - inside the C callback only records what happened (user code must never
//     run while ENet walks its lists);
//   - invalidates the Packet wrapper, so a stale wrapper cannot touch freed memory;
//   - later, drainFreedPackets() (called right after each FFI call that can
//     free packets) runs the send callbacks: `undefined` when ENet set the SENT
//     flag, else the string 'packet-not-delivered' (seed contract).

const native = require('./native');
const L = require('./layout');
const { PACKET_FLAG } = require('./constants');

/** packet pointer -> { wrapper, callbacks[] } for packets ENet may free. */
const queued = new Map();
/** entries whose packet ENet freed, waiting for their callbacks to run. */
const freed = [];

function onPacketFreed(ptr) {
  try {
    const entry = queued.get(ptr);
    if (!entry) return;
    queued.delete(ptr);
    entry.sent = (native.read.u32(ptr, L.PACKET.flags) & PACKET_FLAG.SENT) !== 0;
    if (entry.wrapper) entry.wrapper._detach();
    freed.push(entry);
  } catch (err) {
    // Never let an exception cross into C; report it once we are back in JS.
    freed.push({ callbacks: [() => { throw err; }], sent: true });
  }
}

const freeCallbackPointer = native.koffi.register(onPacketFreed, native.koffi.pointer(native.FreeCallback));

/**
 * Starts tracking a packet about to be handed to ENet, adding an optional
 * callback(status) to run when ENet frees it. Returns an undo function for
 * when ENet refuses the packet.
 */
function track(ptr, wrapper, callback) {
  let entry = queued.get(ptr);
  const isNew = !entry;
  if (isNew) {
    entry = { wrapper, callbacks: [] };
    queued.set(ptr, entry);
    native.write.pointer(ptr, L.PACKET.freeCallback, freeCallbackPointer);
  }
  if (callback) entry.callbacks.push(callback);
  return function undo() {
    if (callback) {
      const index = entry.callbacks.indexOf(callback);
      if (index >= 0) entry.callbacks.splice(index, 1);
    }
    if (isNew && queued.get(ptr) === entry) queued.delete(ptr);
  };
}

function isQueued(ptr) {
  return queued.has(ptr);
}

/** Drops the wrapper link of a queued packet (the wrapper is being invalidated). */
function forgetWrapper(ptr) {
  const entry = queued.get(ptr);
  if (entry) entry.wrapper = null;
}

/**
 * Runs the callbacks of freed packets, in the order ENet freed them. A
 * throwing callback does not stop the others; the first error is re-thrown
 * at the end, as it would have been from a plain EventEmitter listener.
 */
function drainFreedPackets() {
  let firstError = null;
  while (freed.length > 0) {
    const entry = freed.shift();
    const status = entry.sent ? undefined : 'packet-not-delivered';
    for (const callback of entry.callbacks) {
      try {
        callback(status);
      } catch (err) {
        if (firstError === null) firstError = err;
      }
    }
  }
  if (firstError !== null) throw firstError;
}

/** Number of packets currently held by ENet that this package tracks (diagnostics/tests). */
function queuedCount() {
  return queued.size;
}

module.exports = { track, isQueued, forgetWrapper, drainFreedPackets, queuedCount, freeCallbackPointer };
