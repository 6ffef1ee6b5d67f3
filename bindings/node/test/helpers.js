'use strict';
// Shared test scaffolding: loopback hosts that are always destroyed after each
// test (a live host's timer would keep the test process alive), and promise
// helpers that reject instead of waiting forever.

const enet = require('..');

const LOOPBACK = '127.0.0.1';
const SERVICE_INTERVAL_MS = 2;
const DEFAULT_WAIT_MS = 3000;
const liveHosts = new Set();

function remember(host) {
  if (host) liveHosts.add(host);
  return host;
}

/** Destroys every host created through these helpers (use in afterEach). */
function destroyAll() {
  for (const host of liveHosts) host.destroy();
  liveHosts.clear();
}

/** A started server on 127.0.0.1 with an ephemeral port. */
function server(options = {}) {
  return new Promise((resolve, reject) => {
    remember(enet.createServer({ address: { address: LOOPBACK, port: 0 }, ...options }, (err, host) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)));
      host.start(SERVICE_INTERVAL_MS);
      resolve(host);
    }));
  });
}

function client(options = {}) {
  return new Promise((resolve, reject) => {
    remember(enet.createClient(options, (err, host) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)));
      resolve(host);
    }));
  });
}

/** Resolves with the arguments of the next `event`, or rejects after `ms`. */
function once(emitter, event, ms = DEFAULT_WAIT_MS) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${ms} ms waiting for '${event}'`));
    }, ms);
    function listener(...args) {
      clearTimeout(timer);
      resolve(args);
    }
    emitter.once(event, listener);
  });
}

/** Polls `predicate` until true, or rejects after `ms`. */
function until(predicate, ms = DEFAULT_WAIT_MS, what = 'condition') {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      let value;
      try { value = predicate(); } catch (err) { clearInterval(timer); reject(err); return; }
      if (value) { clearInterval(timer); resolve(value); }
      else if (Date.now() - started > ms) { clearInterval(timer); reject(new Error(`timed out after ${ms} ms waiting for ${what}`)); }
    }, 2);
  });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A callback-style function turned into a promise of its arguments. */
function callbackPromise(ms = DEFAULT_WAIT_MS) {
  let callback;
  const promise = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`callback not called within ${ms} ms`)), ms);
    callback = (...args) => { clearTimeout(timer); resolve(args); };
  });
  return { callback, promise };
}

/**
 * A connected server/client pair. Resolves with both hosts and both ends:
 * `clientPeer` (the client's Peer for the server) and `serverPeer`.
 */
async function connectedPair({ serverOptions, clientOptions, channels = 2, data = 0 } = {}) {
  const serverHost = await server(serverOptions);
  const clientHost = await client(clientOptions);
  const serverConnect = once(serverHost, 'connect');
  const connected = callbackPromise();
  const clientPeer = clientHost.connect({ address: LOOPBACK, port: serverHost.address().port }, channels, data, connected.callback);
  const [err] = await connected.promise;
  if (err) throw err;
  const [serverPeer, connectData, outgoing] = await serverConnect;
  return { serverHost, clientHost, clientPeer, serverPeer, connectData, outgoing };
}

module.exports = {
  enet, LOOPBACK, remember, destroyAll, server, client, once, until, delay, callbackPromise, connectedPair,
};
