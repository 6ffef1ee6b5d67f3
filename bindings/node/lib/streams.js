'use strict';
// Per-channel streams over a Peer (seed API: createReadStream,
// createWriteStream, createDuplexStream).
//
// Seed behaviour kept: each written chunk becomes one RELIABLE packet; write
// errors are the strings 'peer-not-connected' and 'packet-queuing-error'
// (sticky); a read stream ends on disconnect, and ends at once if it is read
// while the peer is not connected (so create streams in 'connect' listeners).
//
// New: back-pressure. The seed called next() at once, so a fast writer grew
// ENet's queues without bound. Here a write stream counts the bytes it has
// handed to ENet that ENet has not freed yet (freed = acknowledged, or
// dropped on disconnect) and holds the write callback while that exceeds
// `queueLimit` bytes, so pipe() pauses the source. end()'s 'finish' waits
// until everything written was acknowledged.

const { Readable, Writable, Duplex } = require('node:stream');
const { PEER_STATE } = require('./constants');

const DEFAULT_QUEUE_LIMIT = 256 * 1024;

/** The write half: returns the `write` and `final` implementations for a stream. */
function sendSide(peer, channel, options = {}) {
  const queueLimit = options.queueLimit || DEFAULT_QUEUE_LIMIT;
  let connected = peer.state() === PEER_STATE.CONNECTED;
  let queuingFailed = false;
  let undelivered = false;
  let bytesInEnet = 0;
  let heldWrite = null;
  let heldFinal = null;

  function release() {
    if (heldWrite && (undelivered || bytesInEnet < queueLimit)) {
      const next = heldWrite;
      heldWrite = null;
      next(undelivered ? 'peer-not-connected' : undefined);
    }
    if (heldFinal && (undelivered || bytesInEnet === 0)) {
      const done = heldFinal;
      heldFinal = null;
      done(undelivered ? 'peer-not-connected' : undefined);
    }
  }

  peer.on('connect', () => { connected = true; });
  peer.on('disconnect', () => { connected = false; undelivered = undelivered || bytesInEnet > 0; release(); });

  function write(chunk, encoding, next) {
    if (!connected) return next('peer-not-connected');
    if (queuingFailed) return next('packet-queuing-error');
    const length = chunk.length;
    let accepted = false;
    const failed = peer.send(channel, chunk, (status) => {
      if (!accepted) return; // synchronous error path, handled below
      bytesInEnet -= length;
      if (status !== undefined) undelivered = true;
      release();
    });
    if (failed) {
      queuingFailed = true;
      return next('packet-queuing-error');
    }
    accepted = true;
    bytesInEnet += length;
    if (bytesInEnet < queueLimit) next();
    else heldWrite = next;
  }

  function final(done) {
    if (bytesInEnet === 0) return done();
    heldFinal = done;
  }

  return { write, final, bytesInEnet: () => bytesInEnet };
}

/** The read half: pushes channel messages into `stream`, ends on disconnect. */
function receiveSide(peer, channel, stream) {
  let connected = peer.state() === PEER_STATE.CONNECTED;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    stream.push(null);
    peer.off('message', onMessage);
    peer.off('disconnect', onDisconnect);
    peer.off('connect', onConnect);
  };
  const onMessage = (packet, fromChannel) => {
    if (!ended && fromChannel === channel) stream.push(packet.data());
  };
  const onDisconnect = () => { connected = false; end(); };
  const onConnect = () => { connected = true; };
  peer.on('message', onMessage);
  peer.on('disconnect', onDisconnect);
  peer.on('connect', onConnect);
  return {
    read() { if (!connected) end(); },
  };
}

function createReadStream(peer, channel) {
  let side;
  const stream = new Readable({ read() { side.read(); } });
  side = receiveSide(peer, channel, stream);
  return stream;
}

function createWriteStream(peer, channel, options) {
  const side = sendSide(peer, channel, options);
  const stream = new Writable({ write: side.write, final: side.final });
  stream.bytesInEnet = side.bytesInEnet;
  return stream;
}

function createDuplexStream(peer, channel, options) {
  const sender = sendSide(peer, channel, options);
  let receiver;
  const stream = new Duplex({
    read() { receiver.read(); },
    write: sender.write,
    final: sender.final,
  });
  receiver = receiveSide(peer, channel, stream);
  stream.bytesInEnet = sender.bytesInEnet;
  return stream;
}

module.exports = { createReadStream, createWriteStream, createDuplexStream, DEFAULT_QUEUE_LIMIT };
