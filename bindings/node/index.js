'use strict';
// The package entry: the npm `enet` package's twelve exports, backed by
// libenet.so through koffi, plus diagnostics (libraryPath, librarySource).

const native = require('./lib/native');
const intercept = require('./lib/intercept');
const { createServer, createClient, createServerFromSocket } = require('./lib/factories');
const { Host } = require('./lib/Host');
const { Peer } = require('./lib/Peer');
const { Packet } = require('./lib/Packet');
const { Address } = require('./lib/Address');
const { Event } = require('./lib/Event');
const { PACKET_FLAG, PEER_STATE } = require('./lib/constants');

/**
 * Installs the global packet filter: filter(ip, port) is called for every
 * datagram on every host; a falsy result (including undefined) drops it.
 * init() without a function removes the filter.
 */
function init(filter) {
  intercept.setPacketFilter(filter);
}

module.exports = {
  init,
  createServer,
  createClient,
  createServerFromSocket,
  Host,
  Peer,
  Packet,
  Address,
  Event,
  PACKET_FLAG,
  PEER_STATE,
  Buffer,
  /** Path (or soname) of the libenet that was loaded. */
  libraryPath: native.libraryPath,
  /** Where it came from: 'env' (ENET_LIBRARY), 'repo' (this repository's build) or 'system'. */
  librarySource: native.librarySource,
};
