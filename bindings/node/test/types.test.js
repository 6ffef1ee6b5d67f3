'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

test('index.d.ts type-checks the whole API under --strict (tsc)', { timeout: 60000 }, () => {
  const tsc = require.resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(__dirname, 'types')], { encoding: 'utf8' });
  } catch (err) {
    assert.fail(`tsc reported:\n${err.stdout}${err.stderr}`);
  }
});
