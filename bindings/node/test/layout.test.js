'use strict';
// The binding reads ENet structs at upstream's offsets (lib/layout.js). These
// checks compare those reads with what the library's functions report, so a
// library that moved a field fails here rather than corrupting memory later.
const test = require('node:test');
const assert = require('node:assert/strict');
const native = require('../lib/native');
const L = require('../lib/layout');
const { enet, destroyAll, connectedPair } = require('./helpers');

test.afterEach(destroyAll);

test('library version is 1.3.x', () => {
  assert.equal(native.version >>> 8, 0x0103);
});

test('ENetHost: socket, address, peers/peerCount at upstream offsets', async () => {
  const { serverHost, clientHost, clientPeer, serverPeer } = await connectedPair();
  const port = serverHost.address().port; // enet_socket_get_address on the int at offset 0
  assert.equal(native.read.u16(serverHost._ptr, L.HOST.address + L.ADDRESS.port), port);
  assert.equal(native.read.u32(serverHost._ptr, L.HOST.address + L.ADDRESS.host), new enet.Address('127.0.0.1', 0).host());
  const peers = native.read.pointer(clientHost._ptr, L.HOST.peers);
  const offset = clientPeer._ptr - peers;
  assert.ok(offset >= 0n && offset % BigInt(L.PEER.SIZE) === 0n, 'a peer lies in host->peers with a 456-byte stride');
  assert.ok(offset / BigInt(L.PEER.SIZE) < BigInt(native.read.size(clientHost._ptr, L.HOST.peerCount)));
  assert.equal(native.read.pointer(serverPeer._ptr, L.PEER.host), serverHost._ptr, 'peer->host back-pointer');
});

test('ENetPeer: state, connectID and channelCount at upstream offsets', async () => {
  const { clientPeer, serverPeer } = await connectedPair({ channels: 3 });
  assert.equal(native.read.u32(clientPeer._ptr, L.PEER.state), enet.PEER_STATE.CONNECTED);
  assert.equal(native.read.size(clientPeer._ptr, L.PEER.channelCount), 3);
  assert.equal(native.read.size(serverPeer._ptr, L.PEER.channelCount), 3);
  const id = native.read.u32(clientPeer._ptr, L.PEER.connectID);
  assert.notEqual(id, 0);
  assert.equal(native.read.u32(serverPeer._ptr, L.PEER.connectID), id, 'both ends share the connect ID');
});

test('ENetPacket: flags, data, dataLength and freeCallback at upstream offsets', () => {
  const bytes = Buffer.from('layout');
  const ptr = native.c.packetCreate(bytes, bytes.length, 5);
  try {
    assert.equal(native.read.u32(ptr, L.PACKET.flags), 5);
    assert.equal(native.read.size(ptr, L.PACKET.dataLength), 6);
    assert.equal(native.read.size(ptr, L.PACKET.referenceCount), 0);
    assert.equal(native.read.pointer(ptr, L.PACKET.freeCallback), null);
    assert.equal(native.copyBytes(native.read.pointer(ptr, L.PACKET.data), 6).toString(), 'layout');
  } finally {
    native.c.packetDestroy(ptr);
  }
});
