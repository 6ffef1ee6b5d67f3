'use strict';
// Traceability: every item of the seed checklist (docs: README "Checklist")
// must be named in the title of at least one test, so an item cannot silently
// lose its coverage.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const GROUPS = { M: 12, H: 17, HE: 5, P: 14, PE: 3, K: 7, A: 7, E: 7, B: 20 };

function checklistIds() {
  const ids = [];
  for (const [prefix, count] of Object.entries(GROUPS)) {
    for (let i = 1; i <= count; i++) ids.push(`${prefix}${i}`);
  }
  return ids;
}

function testTitles() {
  const titles = [];
  for (const file of fs.readdirSync(__dirname)) {
    if (!file.endsWith('.test.js') || file === path.basename(__filename)) continue;
    const source = fs.readFileSync(path.join(__dirname, file), 'utf8');
    for (const match of source.matchAll(/\btest\('((?:[^'\\]|\\.)*)'/g)) titles.push(match[1]);
  }
  return titles;
}

test('every checklist item (92 ids + 2 constant tables) is named by a test', () => {
  const words = new Set(testTitles().flatMap((title) => title.split(/[\s,()]+/)));
  const missing = checklistIds().filter((id) => !words.has(id));
  assert.deepEqual(missing, []);
});
