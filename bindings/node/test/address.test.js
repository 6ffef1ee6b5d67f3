'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Address } = require('..');

test('A1 copy constructor', () => {
  const original = new Address('10.1.2.3', 99);
  const copy = new Address(original);
  assert.notEqual(copy, original);
  assert.equal(copy.address(), '10.1.2.3');
  assert.equal(copy.port(), 99);
});

test('A2 {address, port}: missing fields become 0, port goes through parseInt', () => {
  const a = new Address({ address: '192.168.0.1', port: '6666' });
  assert.equal(a.address(), '192.168.0.1');
  assert.equal(a.port(), 6666);
  const empty = new Address({});
  assert.equal(empty.address(), '0.0.0.0');
  assert.equal(empty.port(), 0);
  assert.equal(new Address({ address: '1.2.3.4', port: '80abc' }).port(), 80);
});

test('A3 "ip:port" and "ip" strings; port defaults to 0', () => {
  const a = new Address('127.0.0.1:7777');
  assert.equal(a.address(), '127.0.0.1');
  assert.equal(a.port(), 7777);
  const b = new Address('8.8.4.4');
  assert.equal(b.address(), '8.8.4.4');
  assert.equal(b.port(), 0);
});

test('A4 (ip, port) with a dotted string or a uint32', () => {
  assert.equal(new Address('1.2.3.4', 5).address(), '1.2.3.4');
  const fromNumber = new Address(0x0100007f, 9);
  assert.equal(fromNumber.address(), '127.0.0.1');
  assert.equal(fromNumber.port(), 9);
});

test('A5 host() is the uint32 in ENet memory order (a | b<<8 | c<<16 | d<<24, unsigned)', () => {
  assert.equal(new Address('127.0.0.1', 0).host(), 0x0100007f);
  assert.equal(new Address('255.255.255.255', 0).host(), 0xffffffff);
  assert.equal(new Address('1.2.3.200', 0).host(), 0xc8030201);
});

test('A6 port() and A7 address()', () => {
  const a = new Address('172.16.5.4', 65535);
  assert.equal(a.port(), 65535);
  assert.equal(a.address(), '172.16.5.4');
});

test('B20 parsing quirks: no DNS, non-dotted-quads become 0.0.0.0, lone numbers refused', () => {
  assert.equal(new Address('localhost', 80).address(), '0.0.0.0');
  assert.equal(new Address('1.2.3', 80).address(), '0.0.0.0');
  assert.equal(new Address('300.1.1.1', 80).address(), '0.0.0.0');
  assert.equal(new Address('localhost:81').port(), 81);
  assert.equal(new Address().address(), '0.0.0.0');
  assert.throws(() => new Address(12345), { name: 'TypeError', message: /single numeric argument/ });
});
