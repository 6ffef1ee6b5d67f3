'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Event, Packet } = require('..');
const native = require('../lib/native');

// Event decodes upstream's ENetEvent layout: type@0, peer@8, channelID@16, data@20, packet@24.
function filledEvent({ type, peer, channel, data, packet }) {
  const event = new Event();
  event.buffer.writeInt32LE(type, 0);
  event.buffer.writeBigUInt64LE(peer, 8);
  event.buffer.writeUInt8(channel, 16);
  event.buffer.writeUInt32LE(data, 20);
  event.buffer.writeBigUInt64LE(packet, 24);
  return event;
}

test('E1 type(), E3 peerPtr(), E5 data(), E6 channelID() decode the ENetEvent fields', () => {
  const event = filledEvent({ type: 2, peer: 0x1234n, channel: 7, data: 0xdeadbeef, packet: 0n });
  assert.equal(event.type(), 2);
  assert.equal(event.peerPtr(), 0x1234n);
  assert.equal(event.channelID(), 7);
  assert.equal(event.data(), 0xdeadbeef);
});

test('E2 peer() is undefined without a host that tracks the pointer', () => {
  const event = filledEvent({ type: 1, peer: 0x1234n, channel: 0, data: 0, packet: 0n });
  assert.equal(event.peer(), undefined);
});

test('E4 packet() wraps the ENetPacket pointer once per event', () => {
  const created = native.c.packetCreate(Buffer.from('event!'), 6, 1);
  const event = filledEvent({ type: 3, peer: 0n, channel: 0, data: 0, packet: created });
  const packet = event.packet();
  assert.ok(packet instanceof Packet);
  assert.equal(packet, event.packet());
  assert.equal(packet.data().toString(), 'event!');
  assert.equal(packet.flags(), 1);
  packet._releaseReceived(); // frees it like the host does after 'message'
  assert.equal(packet.data(), undefined);
  assert.equal(filledEvent({ type: 0, peer: 0n, channel: 0, data: 0, packet: 0n }).packet(), undefined);
});

test('E7 free() releases the storage; accessors then read as an empty event', () => {
  const event = filledEvent({ type: 3, peer: 5n, channel: 1, data: 9, packet: 0n });
  event.free();
  assert.equal(event.type(), 0);
  assert.equal(event.peerPtr(), 0n);
  assert.equal(event.data(), 0);
  assert.equal(event.channelID(), 0);
  assert.equal(event.packet(), undefined);
});

test('E2 E4 during a "message" event the host\'s Event resolves the tracked Peer and the same Packet', async () => {
  const { connectedPair, destroyAll, until } = require('./helpers');
  try {
    const { serverHost, clientPeer, serverPeer } = await connectedPair();
    const checks = [];
    serverPeer.on('message', (packet, channel) => {
      const event = serverHost._event;
      checks.push([event.type(), event.peer() === serverPeer, event.packet() === packet, event.channelID() === channel]);
    });
    clientPeer.send(1, 'via event');
    await until(() => checks.length === 1, 3000, 'the message');
    assert.deepEqual(checks, [[3, true, true, true]]);
  } finally {
    destroyAll();
  }
});
