'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const enet = require('..');

test('M1 M2 M3 M4 M6 M7 M8 M9 M12 the twelve seed exports exist with the right kinds', () => {
  for (const name of ['init', 'createServer', 'createClient', 'createServerFromSocket']) {
    assert.equal(typeof enet[name], 'function', name);
  }
  for (const name of ['Host', 'Peer', 'Packet', 'Address', 'Event']) {
    assert.equal(typeof enet[name], 'function', name);
  }
  assert.equal(enet.Buffer, Buffer, 'M12 Buffer is Node\'s Buffer');
  assert.equal(enet.createHost, undefined, 'createHost is not exported, as in the seed');
});

test('M5 Host cannot be constructed directly', () => {
  assert.throws(() => new enet.Host(), /use enet\.createServer\(\) or enet\.createClient\(\)/);
});

test('M10 PACKET_FLAG values (no NO_ALLOCATE)', () => {
  assert.deepEqual({ ...enet.PACKET_FLAG }, { RELIABLE: 1, UNSEQUENCED: 2, UNRELIABLE_FRAGMENT: 8, SENT: 256 });
});

test('M11 PEER_STATE values match ENetPeerState', () => {
  assert.deepEqual({ ...enet.PEER_STATE }, {
    DISCONNECTED: 0, CONNECTING: 1, ACKNOWLEDGING_CONNECT: 2, CONNECTION_PENDING: 3, CONNECTION_SUCCEEDED: 4,
    CONNECTED: 5, DISCONNECT_LATER: 6, DISCONNECTING: 7, ACKNOWLEDGING_DISCONNECT: 8, ZOMBIE: 9,
  });
});

test('the package reports which library it loaded, following the lookup order', () => {
  assert.equal(typeof enet.libraryPath, 'string');
  const fromEnv = process.env.ENET_LIBRARY;
  if (fromEnv) {
    assert.equal(enet.librarySource, 'env');
    assert.equal(enet.libraryPath, fromEnv);
  } else {
    const { REPO_BUILDS } = require('../lib/library-path');
    const repoBuild = REPO_BUILDS.find((file) => require('node:fs').existsSync(file));
    if (repoBuild) {
      assert.equal(enet.librarySource, 'repo');
      assert.equal(path.resolve(enet.libraryPath), repoBuild);
    } else {
      assert.equal(enet.librarySource, 'system');
    }
  }
});

test('library lookup: env variable is final, then repo builds, then the system soname', () => {
  const { libraryCandidates, SYSTEM_SONAME, REPO_BUILDS } = require('../lib/library-path');
  assert.deepEqual(libraryCandidates({ ENET_LIBRARY: '/x/libenet.so' }), [{ path: '/x/libenet.so', source: 'env' }]);
  const order = libraryCandidates({});
  assert.deepEqual(order.at(-1), { path: SYSTEM_SONAME, source: 'system' });
  for (const candidate of order.slice(0, -1)) {
    assert.equal(candidate.source, 'repo');
    assert.ok(REPO_BUILDS.includes(candidate.path));
  }
});
