'use strict';
// Decides which libenet shared object the package loads. The order is part of
// the package's contract (README "Library lookup"):
//   1. the ENET_LIBRARY environment variable (a path, or a bare soname such as
//      "libenet.so.7" that the dynamic loader resolves: this is how the test
//      suite is pointed at Debian's reference C build);
//   2. the repository's own build output, relative to this package
//      (cargo's target/release, then CMake's build/lib);
//   3. the system's libenet.so.7.
// The chosen candidate and where it came from are reported by index.js as
// `libraryPath` / `librarySource`, and logged with NODE_DEBUG=enet.

const fs = require('node:fs');
const path = require('node:path');

const ENV_VARIABLE = 'ENET_LIBRARY';
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const REPO_BUILDS = [
  path.join(REPO_ROOT, 'target', 'release', 'libenet.so'),
  path.join(REPO_ROOT, 'build', 'lib', 'libenet.so.7'),
];
const SYSTEM_SONAME = 'libenet.so.7';

/** Candidates in lookup order, each `{ path, source }`. */
function libraryCandidates(env = process.env) {
  const candidates = [];
  const fromEnv = env[ENV_VARIABLE];
  if (fromEnv) {
    // An explicit choice is final: falling back to another library would
    // silently test the wrong one.
    return [{ path: fromEnv, source: 'env' }];
  }
  for (const file of REPO_BUILDS) {
    if (fs.existsSync(file)) candidates.push({ path: file, source: 'repo' });
  }
  candidates.push({ path: SYSTEM_SONAME, source: 'system' });
  return candidates;
}

module.exports = { libraryCandidates, ENV_VARIABLE, REPO_BUILDS, SYSTEM_SONAME };
