// Drives the npm neo4j-driver against a Bolt server for the Java tests (NodeDriverServerTest).
// Usage: node bolt-client.mjs '<scenario JSON>'
//   scenario: { url, user?, password?, websocket?: bool, steps: [step...] }
//   step: { run: query, params?, fetchSize?, database? }
//       | { tx: [{ query, params? }...], commit: bool }
//       | { executeWrite: query, params? }
//       | { readLoad: query, column, count?, stopFile?, concurrency?, database? }: managed reads (executeRead) on
//         `concurrency` loops, `count` in all or until the file `stopFile` exists; result { counts: { <value of
//         column>: n }, failures, errors: [first few] }
//   params values: JSON, or { "$int": "42" }, { "$date": "2024-02-29" }, { "$float": 1.5 },
//   { "$uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8" }
// Values printed as JSON also use { "$uuid": "..." } and { "$unsupported": { name, minimumProtocolVersion,
// message } }.
// Prints one JSON document: { results: [...] }; each result { records, keys, server, protocol } or
// { error: { code, message, gqlStatus } }. Query errors are data: the exit code is 0 unless the
// scenario itself cannot run.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import WebSocket from 'ws';

const require = createRequire(import.meta.url);
const scenario = JSON.parse(process.argv[2]);

let neo4j;
if (scenario.websocket) {
  // the browser build of the driver talks WebSocket; Node 20 has no global one, so ws stands in
  globalThis.WebSocket = WebSocket;
  neo4j = require('neo4j-driver/lib/browser/neo4j-web.js');
} else {
  neo4j = require('neo4j-driver');
}

function toDriver(value) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toDriver);
  if ('$int' in value) return neo4j.int(value.$int);
  if ('$float' in value) return value.$float;
  if ('$uuid' in value) return neo4j.uuid(value.$uuid);
  if ('$date' in value) {
    const [y, m, d] = value.$date.split('-').map(Number);
    return new neo4j.types.Date(y, m, d);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDriver(v)]));
}

function toJson(value) {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return { $int: value.toString() };
  if (typeof value === 'number') return { $float: value };
  if (Array.isArray(value)) return value.map(toJson);
  if (neo4j.isDate(value) || neo4j.isDateTime(value) || neo4j.isLocalDateTime(value) || neo4j.isTime(value)
      || neo4j.isLocalTime(value) || neo4j.isDuration(value)) {
    return { $temporal: value.toString() };
  }
  if (neo4j.isUUID && neo4j.isUUID(value)) return { $uuid: value.toString() };
  if (neo4j.isUnsupportedType && neo4j.isUnsupportedType(value)) {
    return { $unsupported: { name: value.name, minimumProtocolVersion: value.minimumProtocolVersion,
      message: value.message ?? null } };
  }
  if (neo4j.isNode(value)) return { $node: { labels: value.labels, properties: toJson(value.properties) } };
  if (value instanceof Uint8Array) return { $bytes: Array.from(value) };
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

function resultJson(result) {
  return {
    keys: result.records.length ? result.records[0].keys : [],
    records: result.records.map(r => Object.fromEntries(r.keys.map(k => [k, toJson(r.get(k))]))),
    server: result.summary.server.agent,
    protocol: protocolString(result.summary.server.protocolVersion),
  };
}

function protocolString(version) {
  if (version && typeof version === 'object' && 'major' in version) return `${version.major}.${version.minor}`;
  return String(version);
}

function errorJson(e) {
  return { error: { code: e.code, message: e.message, gqlStatus: e.gqlStatus } };
}

async function readLoad(step) {
  const counts = {};
  const errors = [];
  let failures = 0;
  let started = 0;
  const more = () => step.stopFile ? !existsSync(step.stopFile) : started < step.count;
  const loop = async () => {
    while (more()) {
      started++;
      const session = driver.session({ database: step.database });
      try {
        const value = await session.executeRead(async tx => {
          const result = await tx.run(step.readLoad, toDriver(step.params ?? {}));
          return String(toJson(result.records[0].get(step.column)));
        });
        counts[value] = (counts[value] ?? 0) + 1;
      } catch (e) {
        failures++;
        if (errors.length < 5) errors.push(errorJson(e).error);
      } finally {
        await session.close();
      }
    }
  };
  await Promise.all(Array.from({ length: step.concurrency ?? 1 }, loop));
  return { counts, failures, errors };
}

const auth = scenario.user ? neo4j.auth.basic(scenario.user, scenario.password) : neo4j.auth.none();
const driver = neo4j.driver(scenario.url, auth, { encrypted: false, maxConnectionPoolSize: 2 });
const results = [];
try {
  for (const step of scenario.steps) {
    try {
      if (step.run !== undefined) {
        const session = driver.session({ fetchSize: step.fetchSize ?? 1000, database: step.database });
        try {
          results.push(resultJson(await session.run(step.run, toDriver(step.params ?? {}))));
        } finally {
          await session.close();
        }
      } else if (step.tx !== undefined) {
        const session = driver.session();
        const tx = session.beginTransaction();
        const out = [];
        try {
          for (const q of step.tx) out.push(resultJson(await tx.run(q.query, toDriver(q.params ?? {}))));
          if (step.commit) await tx.commit(); else await tx.rollback();
          results.push({ tx: out, bookmarks: session.lastBookmarks() });
        } finally {
          await session.close();
        }
      } else if (step.readLoad !== undefined) {
        results.push(await readLoad(step));
      } else if (step.executeWrite !== undefined) {
        const session = driver.session();
        try {
          const result = await session.executeWrite(tx => tx.run(step.executeWrite, toDriver(step.params ?? {})));
          results.push(resultJson(result));
        } finally {
          await session.close();
        }
      }
    } catch (e) {
      results.push(errorJson(e));
    }
  }
} finally {
  await driver.close();
}
process.stdout.write(JSON.stringify({ results }) + '\n');
