'use strict';
// The one place that talks to libenet through koffi: loads the library (see
// library-path.js), declares the C prototypes this package uses and offers
// small readers/writers for struct fields at the offsets in layout.js.
// Handles (ENetHost*, ENetPeer*, ENetPacket*) are koffi 3 BigInt pointers.

const util = require('node:util');
const koffi = require('koffi');
const { libraryCandidates, ENV_VARIABLE } = require('./library-path');
const L = require('./layout');

const debug = util.debuglog('enet');

function loadLibrary() {
  const failures = [];
  for (const candidate of libraryCandidates()) {
    try {
      const lib = koffi.load(candidate.path);
      debug('loaded %s (from %s)', candidate.path, candidate.source);
      return { lib, path: candidate.path, source: candidate.source };
    } catch (err) {
      failures.push(`${candidate.path} (${candidate.source}): ${err.message}`);
    }
  }
  throw new Error(`enet: could not load libenet (set ${ENV_VARIABLE} to its path). Tried:\n  ${failures.join('\n  ')}`);
}

const loaded = loadLibrary();
const lib = loaded.lib;

const ENetAddress = koffi.struct('ENetAddress', { host: 'uint32', port: 'uint16' });
const ENetBuffer = koffi.struct('ENetBuffer', { data: 'void *', dataLength: 'size_t' });
const FreeCallback = koffi.proto('void ENetPacketFreeCallback(void *packet)');
const InterceptCallback = koffi.proto('int ENetInterceptCallback(void *host, void *event)');

const c = {
  initialize: lib.func('int enet_initialize(void)'),
  linkedVersion: lib.func('uint32_t enet_linked_version(void)'),
  hostCreate: lib.func('void *enet_host_create(const ENetAddress *address, size_t peerCount, size_t channelLimit, uint32_t incomingBandwidth, uint32_t outgoingBandwidth)'),
  hostDestroy: lib.func('void enet_host_destroy(void *host)'),
  hostConnect: lib.func('void *enet_host_connect(void *host, const ENetAddress *address, size_t channelCount, uint32_t data)'),
  hostService: lib.func('int enet_host_service(void *host, void *event, uint32_t timeout)'),
  hostFlush: lib.func('void enet_host_flush(void *host)'),
  hostBroadcast: lib.func('void enet_host_broadcast(void *host, uint8_t channelID, void *packet)'),
  hostCompress: lib.func('void enet_host_compress(void *host, void *compressor)'),
  hostCompressWithRangeCoder: lib.func('int enet_host_compress_with_range_coder(void *host)'),
  hostBandwidthThrottle: lib.func('void enet_host_bandwidth_throttle(void *host)'),
  packetCreate: lib.func('void *enet_packet_create(const uint8_t *data, size_t dataLength, uint32_t flags)'),
  packetDestroy: lib.func('void enet_packet_destroy(void *packet)'),
  peerSend: lib.func('int enet_peer_send(void *peer, uint8_t channelID, void *packet)'),
  peerPing: lib.func('void enet_peer_ping(void *peer)'),
  peerReset: lib.func('void enet_peer_reset(void *peer)'),
  peerDisconnect: lib.func('void enet_peer_disconnect(void *peer, uint32_t data)'),
  peerDisconnectNow: lib.func('void enet_peer_disconnect_now(void *peer, uint32_t data)'),
  peerDisconnectLater: lib.func('void enet_peer_disconnect_later(void *peer, uint32_t data)'),
  peerTimeout: lib.func('void enet_peer_timeout(void *peer, uint32_t limit, uint32_t minimum, uint32_t maximum)'),
  socketSend: lib.func('int enet_socket_send(int socket, const ENetAddress *address, const ENetBuffer *buffers, size_t bufferCount)'),
  socketGetAddress: lib.func('int enet_socket_get_address(int socket, _Out_ ENetAddress *address)'),
};

// memcpy from the C library the process already has: copying received bytes
// into a fresh Buffer is much cheaper than koffi.view on every datagram.
const libc = koffi.load(null);
const memcpyOut = libc.func('void *memcpy(_Out_ uint8_t *destination, void *source, size_t length)');

const version = c.linkedVersion();
if ((version >>> 16) !== 1 || ((version >>> 8) & 0xff) !== 3) {
  throw new Error(`enet: ${loaded.path} reports version ${version >>> 16}.${(version >>> 8) & 0xff}.${version & 0xff}, need 1.3.x`);
}
if (c.initialize() !== 0) throw new Error(`enet: enet_initialize failed in ${loaded.path}`);

const read = {
  u8: (ptr, offset) => koffi.decode(ptr, offset, 'uint8'),
  u16: (ptr, offset) => koffi.decode(ptr, offset, 'uint16'),
  u32: (ptr, offset) => koffi.decode(ptr, offset, 'uint32'),
  i32: (ptr, offset) => koffi.decode(ptr, offset, 'int32'),
  size: (ptr, offset) => Number(koffi.decode(ptr, offset, 'size_t')),
  pointer: (ptr, offset) => koffi.decode(ptr, offset, 'void *'),
};

const write = {
  pointer: (ptr, offset, value) => koffi.encode(ptr, offset, 'void *', value),
  u32: (ptr, offset, value) => koffi.encode(ptr, offset, 'uint32', value),
};

/** Copies `length` bytes at `source` into a new Buffer. */
function copyBytes(source, length) {
  const out = Buffer.allocUnsafe(length);
  if (length > 0) memcpyOut(out, source, length);
  return out;
}

/** Reads an ENetAddress embedded at `offset` of a struct. */
function readAddress(ptr, offset) {
  return { host: read.u32(ptr, offset + L.ADDRESS.host), port: read.u16(ptr, offset + L.ADDRESS.port) };
}

function isNull(ptr) {
  return ptr === null || ptr === undefined || ptr === 0n;
}

module.exports = {
  koffi,
  c,
  read,
  write,
  copyBytes,
  readAddress,
  isNull,
  version,
  FreeCallback,
  InterceptCallback,
  libraryPath: loaded.path,
  librarySource: loaded.source,
};
