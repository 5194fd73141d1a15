// Preloaded into the server (node --require) by no-network.test.ts: records every attempt to reach another
// machine — a TCP/UDP connection to a non-loopback address, or a DNS lookup of a name other than localhost — as
// one JSON line in $RT_NETWORK_LOG. Plain JavaScript so it loads without a build. It never blocks anything:
// it only records, so the test sees what the app would have done.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, loaded with node --require */
/* global require, process */
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const dgram = require('node:dgram');
const { threadId } = require('node:worker_threads');

const LOG = process.env.RT_NETWORK_LOG;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1']);

function record(kind, target) {
  if (!LOG) return;
  fs.appendFileSync(LOG, `${JSON.stringify({ kind, target, pid: process.pid, thread: threadId })}\n`);
}

function isLocal(host) {
  return host === undefined || LOOPBACK.has(String(host)) || /^127\./.test(String(host));
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its arguments already normalised, as one array: [options, callback].
  const o = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    if (!o.path && !isLocal(o.host)) record('tcp', `${o.host}:${o.port}`);
  } else if (typeof o === 'number' || (typeof o === 'string' && /^\d+$/.test(o))) {
    const host = typeof args[1] === 'string' ? args[1] : undefined;
    if (!isLocal(host)) record('tcp', `${host}:${o}`);
  }
  return connect.apply(this, args);
};

for (const api of [dns, dns.promises]) {
  const lookup = api.lookup;
  api.lookup = function (host, ...rest) {
    if (!isLocal(host)) record('dns', String(host));
    return lookup.call(this, host, ...rest);
  };
}

const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function (...args) {
  const host = args.find((a, i) => i > 0 && typeof a === 'string');
  if (!isLocal(host)) record('udp', String(host));
  return send.apply(this, args);
};
