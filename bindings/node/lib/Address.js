'use strict';
// IPv4 address + UDP port, parsed in pure JS the way the seed did: dotted quads
// only, no DNS. Anything that is not a dotted quad silently becomes 0.0.0.0
// (seed behaviour kept on purpose; Linux routes 0.0.0.0 to the local host).

/** Dotted quad -> uint32 in ENet's in-memory (network) order, or 0. */
function parseDottedQuad(text) {
  const parts = String(text).trim().split('.');
  if (parts.length !== 4) return 0;
  let host = 0;
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return 0;
    const byte = Number(parts[i]);
    if (byte > 255) return 0;
    host += byte * 2 ** (8 * i); // a.b.c.d -> a | b<<8 | c<<16 | d<<24, unsigned
  }
  return host;
}

function formatDottedQuad(host) {
  return [host & 0xff, (host >>> 8) & 0xff, (host >>> 16) & 0xff, host >>> 24].join('.');
}

function parsePort(port) {
  const value = parseInt(port, 10);
  return Number.isFinite(value) ? value & 0xffff : 0;
}

function parseHost(ip) {
  if (typeof ip === 'number') return ip >>> 0;
  if (ip === undefined || ip === null) return 0;
  return parseDottedQuad(ip);
}

class Address {
  /**
   * new Address(address) | new Address({address, port}) | new Address("ip:port")
   * | new Address("ip") | new Address(ip, port) with ip a dotted string or uint32.
   */
  constructor(ip, port) {
    if (arguments.length >= 2) {
      this._host = parseHost(ip);
      this._port = parsePort(port);
    } else if (ip instanceof Address) {
      this._host = ip._host;
      this._port = ip._port;
    } else if (typeof ip === 'string') {
      const [hostText, portText] = ip.split(':');
      this._host = parseDottedQuad(hostText);
      this._port = portText === undefined ? 0 : parsePort(portText);
    } else if (typeof ip === 'number' || typeof ip === 'bigint') {
      // The seed read a lone number as a pointer into its emscripten heap;
      // natively that would read arbitrary memory.
      throw new TypeError('enet.Address: a single numeric argument is not supported (the seed treated it as a heap pointer); use new Address(ip, port)');
    } else if (ip && typeof ip === 'object') {
      this._host = parseHost(ip.address);
      this._port = parsePort(ip.port);
    } else {
      this._host = 0;
      this._port = 0;
    }
  }

  /** uint32 in ENet's in-memory order. */
  host() { return this._host; }

  port() { return this._port; }

  /** Dotted-quad string. */
  address() { return formatDottedQuad(this._host); }

  /** The koffi form of an ENetAddress. */
  toNative() { return { host: this._host, port: this._port }; }
}

/** Accepts anything the seed accepted where an address is expected. */
function toAddress(value) {
  return value instanceof Address ? value : new Address(value);
}

module.exports = { Address, toAddress, formatDottedQuad };
