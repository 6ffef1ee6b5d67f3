'use strict';
// The seed's host factories. Callback timing follows the seed:
//   server: the Host is returned at once, callback(undefined, host) on a later
//           tick; a bind failure calls back (async) with an Error carrying the
//           errno name in `code` (e.g. EADDRINUSE) and the returned Host is dead;
//   client: unbound host, callback(undefined, host) on a later tick;
//   a failure inside ENet itself (e.g. more than 4095 peers) calls back
//           synchronously with the string 'failed to create ENet host' and the
//           factory returns undefined.

const util = require('node:util');
const native = require('./native');
const { Host, CONSTRUCT } = require('./Host');
const { Address, toAddress } = require('./Address');
const { MAXIMUM_PEERS } = require('./constants');

const DEFAULTS = Object.freeze({ peers: 128, channels: 5, down: 0, up: 0 });
const CREATION_FAILED = 'failed to create ENet host';

function splitArguments(options, callback) {
  if (typeof options === 'function') return [{}, options];
  return [options || {}, typeof callback === 'function' ? callback : () => {}];
}

function hostLimits(options) {
  return {
    peers: options.peers === undefined ? DEFAULTS.peers : options.peers,
    channels: options.channels === undefined ? DEFAULTS.channels : options.channels,
    down: options.down === undefined ? DEFAULTS.down : options.down >>> 0,
    up: options.up === undefined ? DEFAULTS.up : options.up >>> 0,
  };
}

function bindError(errno, address) {
  let code = 'UNKNOWN';
  try { code = util.getSystemErrorName(-errno); } catch { /* errno 0 or not a system error */ }
  const where = `${address.address()}:${address.port()}`;
  const err = new Error(`bind ${code} ${where}`);
  Object.assign(err, { code, errno: -errno, syscall: 'bind', address: address.address(), port: address.port() });
  return err;
}

function createServer(options, callback) {
  [options, callback] = splitArguments(options, callback);
  const limits = hostLimits(options);
  const address = options.address === undefined ? new Address('0.0.0.0', 0) : toAddress(options.address);
  native.koffi.errno(0);
  const ptr = native.c.hostCreate(address.toNative(), limits.peers, limits.channels, limits.down, limits.up);
  if (native.isNull(ptr)) {
    const errno = native.koffi.errno();
    if (limits.peers > MAXIMUM_PEERS || errno === 0) {
      callback(CREATION_FAILED);
      return undefined;
    }
    const dead = new Host(CONSTRUCT, null, 'server');
    process.nextTick(callback, bindError(errno, address));
    return dead;
  }
  const host = new Host(CONSTRUCT, ptr, 'server');
  process.nextTick(callback, undefined, host);
  return host;
}

function createClient(options, callback) {
  [options, callback] = splitArguments(options, callback);
  const limits = hostLimits(options);
  const ptr = native.c.hostCreate(null, limits.peers, limits.channels, limits.down, limits.up);
  if (native.isNull(ptr)) {
    callback(CREATION_FAILED);
    return undefined;
  }
  const host = new Host(CONSTRUCT, ptr, 'client');
  process.nextTick(callback, undefined, host);
  return host;
}

/**
 * Not possible natively: ENet needs its own socket fd, and a Node dgram
 * socket is read by libuv, which would take ENet's datagrams. Answers
 * asynchronously with an Error whose code is ERR_ENET_UNSUPPORTED.
 */
function createServerFromSocket(options, callback) {
  [options, callback] = splitArguments(options, callback);
  const err = new Error('createServerFromSocket is not supported by the native binding: ENet must own its UDP socket (a Node dgram socket is read by libuv). Use createServer({address}) instead.');
  err.code = 'ERR_ENET_UNSUPPORTED';
  process.nextTick(callback, err);
  return undefined;
}

module.exports = { createServer, createClient, createServerFromSocket, DEFAULTS, CREATION_FAILED };
