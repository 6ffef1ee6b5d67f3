'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Packet, PACKET_FLAG } = require('..');

test('K1 new Packet(buffer) copies the bytes; default flags 0 (unreliable)', () => {
  const source = Buffer.from([1, 2, 3, 4]);
  const packet = new Packet(source);
  source[0] = 99;
  assert.deepEqual(packet.data(), Buffer.from([1, 2, 3, 4]));
  assert.equal(packet.flags(), 0);
  packet.destroy();
});

test('K2 new Packet(string, flags) encodes UTF-8', () => {
  const packet = new Packet('héllo', PACKET_FLAG.RELIABLE);
  assert.equal(packet.data().toString('utf8'), 'héllo');
  assert.equal(packet.dataLength(), Buffer.byteLength('héllo'));
  assert.equal(packet.flags(), PACKET_FLAG.RELIABLE);
  packet.destroy();
});

test('K3 data() returns a copy', () => {
  const packet = new Packet('abc');
  const first = packet.data();
  first[0] = 0x7a;
  assert.equal(packet.data().toString(), 'abc');
  packet.destroy();
});

test('K4 dataLength() and K5 flags()', () => {
  const packet = new Packet(Buffer.alloc(1000), PACKET_FLAG.UNSEQUENCED);
  assert.equal(packet.dataLength(), 1000);
  assert.equal(packet.flags(), PACKET_FLAG.UNSEQUENCED);
  packet.destroy();
  const empty = new Packet(Buffer.alloc(0));
  assert.equal(empty.dataLength(), 0);
  assert.deepEqual(empty.data(), Buffer.alloc(0));
  empty.destroy();
});

test('K6 wasSent() is false for a new packet (the SENT flag cannot be preset)', () => {
  const packet = new Packet('x', PACKET_FLAG.RELIABLE | PACKET_FLAG.SENT);
  assert.equal(packet.wasSent(), false);
  assert.equal(packet.flags(), PACKET_FLAG.RELIABLE);
  packet.destroy();
});

test('K7 destroy() frees once; afterwards the wrapper reads as empty', () => {
  const packet = new Packet('bye');
  packet.destroy();
  assert.equal(packet.data(), undefined);
  assert.equal(packet.dataLength(), 0);
  assert.equal(packet.flags(), 0);
  assert.equal(packet.wasSent(), false);
  packet.destroy(); // idempotent
});

test('numeric and other non-byte arguments are refused with a TypeError', () => {
  assert.throws(() => new Packet(1234), { name: 'TypeError', message: /numeric argument/ });
  assert.throws(() => new Packet({}), { name: 'TypeError' });
});
