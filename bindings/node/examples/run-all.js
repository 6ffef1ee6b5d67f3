// Runs every example as written (the tutorial server and client as two
// processes) and checks that each exits by itself, successfully, printing
// what it should. Used by test/examples.test.js and `npm run examples`.
const { spawn } = require('node:child_process');
const dgram = require('node:dgram');
const path = require('node:path');

const TIME_LIMIT_MS = 20000;

function run(script, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, script)], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIME_LIMIT_MS);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ script, code, signal, output }); });
  });
}

/** A UDP port that was free a moment ago, for the tutorial pair. */
function freePort() {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

const EXPECTED = {
  'tutorial-server.js': ['server: peer connected, connect data 1337', 'received packet contents:', 'server: peer disconnected with data 999', 'server: destroyed'],
  'tutorial-client.js': ['client: connected', 'packet sent successfully.', 'client: reply on channel 1: echo: {"tutorial":true}', 'client: destroyed'],
  'file-transfer.js': ['checksum matches'],
  'telex.js': ['bob got telex', 'alice got telex'],
  'filter.js': ['intruder: connect failed (dropped by the filter)', 'friend: connected'],
};

function check(result) {
  const missing = (EXPECTED[result.script] || []).filter((text) => !result.output.includes(text));
  const ok = result.code === 0 && missing.length === 0;
  return { ...result, ok, missing };
}

async function runAll() {
  const port = String(await freePort());
  const serverRun = run('tutorial-server.js', { ENET_EXAMPLE_PORT: port, ENET_EXAMPLE_HOST: '127.0.0.1' });
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the server bind
  const clientRun = run('tutorial-client.js', { ENET_EXAMPLE_PORT: port });
  const results = [await clientRun, await serverRun];
  for (const script of ['file-transfer.js', 'telex.js', 'filter.js']) results.push(await run(script));
  return results.map(check);
}

if (require.main === module) {
  runAll().then((results) => {
    for (const r of results) {
      console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.script} (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`);
      if (!r.ok) console.log(r.output.replace(/^/gm, '    '), r.missing.length ? `    missing: ${r.missing.join(' | ')}` : '');
    }
    process.exitCode = results.every((r) => r.ok) ? 0 : 1;
  });
}

module.exports = { runAll };
