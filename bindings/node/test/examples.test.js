'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { runAll } = require('../examples/run-all');

test('every example runs as written and ends by itself', { timeout: 60000 }, async () => {
  const results = await runAll();
  for (const result of results) {
    assert.ok(result.ok, `${result.script} exited ${result.code} ${result.signal || ''}; missing ${result.missing.join(' | ')}\n${result.output}`);
  }
});
