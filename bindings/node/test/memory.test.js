'use strict';
// Packet memory is released on every path: forgotten unsent packets are freed
// by the garbage collector, and nothing stays registered once hosts are gone.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const registry = require('../lib/packet-registry');
const { enet, destroyAll, connectedPair, callbackPromise } = require('./helpers');

test.afterEach(destroyAll);

test('a Packet that was never sent is freed by the garbage collector', { timeout: 20000 }, () => {
  // Needs --expose-gc, so it runs in a child process. The probe installs its
  // own free callback on the packet and counts how often ENet's destroy ran.
  const probe = `
    const native = require(${JSON.stringify(path.join(__dirname, '..', 'lib', 'native'))});
    const { Packet } = require(${JSON.stringify(path.join(__dirname, '..'))});
    const L = require(${JSON.stringify(path.join(__dirname, '..', 'lib', 'layout'))});
    let freed = 0;
    const onFree = native.koffi.register(() => { freed++; }, native.koffi.pointer(native.FreeCallback));
    (() => { const p = new Packet('forgotten'); native.write.pointer(p._ptr, L.PACKET.freeCallback, onFree); })();
    (async () => {
      for (let i = 0; i < 50 && freed === 0; i++) { global.gc(); await new Promise((r) => setTimeout(r, 10)); }
      console.log(freed);
    })();`;
  const output = execFileSync(process.execPath, ['--expose-gc', '-e', probe], { encoding: 'utf8', timeout: 15000 });
  assert.equal(output.trim(), '1');
});

test('after many sends and a destroy nothing stays registered and every callback ran once', async () => {
  const { clientPeer } = await connectedPair();
  let callbacks = 0;
  for (let i = 0; i < 200; i++) clientPeer.send(i % 2, Buffer.alloc(100, i), () => { callbacks++; });
  for (let i = 0; i < 50; i++) clientPeer.send(0, new enet.Packet(`u${i}`), () => { callbacks++; });
  const { callback, promise } = callbackPromise();
  clientPeer.send(1, 'last', callback);
  await promise;
  destroyAll();
  assert.equal(callbacks, 250);
  assert.equal(registry.queuedCount(), 0);
});

test('a failing send of a Buffer or string frees the packet it created', async () => {
  const native = require('../lib/native');
  const { clientPeer } = await connectedPair({ channels: 1 });
  const before = registry.queuedCount();
  const realDestroy = native.c.packetDestroy;
  let destroyed = 0;
  native.c.packetDestroy = (ptr) => { destroyed++; realDestroy(ptr); };
  try {
    for (let i = 0; i < 100; i++) assert.equal(clientPeer.send(9, i % 2 ? 'refused' : Buffer.from('refused')), true);
  } finally {
    native.c.packetDestroy = realDestroy;
  }
  assert.equal(destroyed, 100);
  assert.equal(registry.queuedCount(), before);
});
