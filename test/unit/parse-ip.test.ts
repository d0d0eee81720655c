// PARSE_IP(expr, 'INET') read by field on the DuckDB target (parse-ip.ts): the fields Snowflake documents for an IPv4
// address; everything else refused by name. mattermost_analytics' stg_geolite__ipv4_to_country reads host,
// ipv4_range_start and ipv4_range_end, and concatenates `:host` with a prefix length (a VARIANT string in `||`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();
const rows = async (sql: string): Promise<unknown[][]> => (await session().execute(sql)).rows.map((r) => Object.values(r));
const refused = (construct: string) => (e: unknown): boolean =>
  e instanceof WarehouseError && e.message.startsWith(`${construct}`) && /is not supported on the DuckDB target \(line 1, column \d+\)$/.test(e.message);

test("the page's IPv4 example: host, ipv4 and the network's range", async () => {
  const ip = "PARSE_IP('192.168.242.188/24', 'INET')";
  assert.deepEqual(await rows(`SELECT ${ip}:host, ${ip}:ipv4, ${ip}:ipv4_range_start, ${ip}:ipv4_range_end, ${ip}:family`), [
    ['192.168.242.188', 3232297660, 3232297472, 3232297727, 4],
  ]);
  // Without a subnet mask there is no range; the type argument is case-blind.
  assert.deepEqual(await rows("SELECT PARSE_IP('10.0.0.1', 'inet'):ipv4, PARSE_IP('10.0.0.1', 'inet'):ipv4_range_start"), [[167772161, null]]);
  assert.deepEqual(await rows("SELECT PARSE_IP('1.2.3.4/0', 'INET'):ipv4_range_end, PARSE_IP('1.2.3.4/32', 'INET'):ipv4_range_start, PARSE_IP(NULL, 'INET'):host"), [
    [4294967295, 16909060, null],
  ]);
});

test("mattermost's shape: a bucket from the host with another prefix length", async () => {
  const sql =
    "SELECT PARSE_IP(PARSE_IP(network, 'INET'):host || '/7', 'INET'):ipv4_range_start AS join_bucket, " +
    "PARSE_IP(network, 'INET'):ipv4_range_start::NUMBER AS s FROM (SELECT '193.1.2.0/24' AS network)";
  assert.deepEqual(await rows(sql), [[3221225472, 3238068736]]);
});

test('a VARIANT string in || is its text, without the JSON quotes (JSON null gives NULL)', async () => {
  assert.deepEqual(await rows(`SELECT v:h || '/7', '<' || v:h, v:n || 'x', v:a[0] || 'x' FROM (SELECT PARSE_JSON('{"h": "1.2.3.4", "n": null, "a": ["q"]}') AS v)`), [
    ['1.2.3.4/7', '<1.2.3.4', null, 'qx'],
  ]);
});

test('the whole object, other fields, CIDR and non-IPv4 values are refused by name', async () => {
  await assert.rejects(session().execute("SELECT PARSE_IP('1.2.3.4', 'INET')"), refused('PARSE_IP as a whole object'));
  await assert.rejects(session().execute("SELECT PARSE_IP('1.2.3.4/8', 'INET'):netmask_prefix_length"), refused("PARSE_IP's field netmask_prefix_length"));
  await assert.rejects(session().execute("SELECT PARSE_IP('1.2.3.0/24', 'CIDR'):host"), refused("PARSE_IP of type 'CIDR'"));
  for (const value of ['fe80::20c:29ff:fe2c:429', '01.2.3.4', ' 1.2.3.4', '1.2.3.4/33', '256.1.1.1']) {
    await assert.rejects(session().execute(`SELECT PARSE_IP('${value}', 'INET'):host`), refused('PARSE_IP of a value that is not an IPv4 address'), value);
  }
});

test('the permissive flag: a parsed address reads as without it; a value no address notation fits has none of the fields', async () => {
  assert.deepEqual(await rows("SELECT PARSE_IP('10.0.0.1/8', 'INET', 1):ipv4_range_end, PARSE_IP('10.0.0.1', 'INET', 0):host, PARSE_IP(NULL, 'INET', 1):ipv4"), [[184549375, '10.0.0.1', null]]);
  // The error object sets `error` and no other field.
  assert.deepEqual(await rows("SELECT PARSE_IP('unknown', 'INET', 1):host, PARSE_IP('1.2.3.x', 'INET', 1):ipv4, PARSE_IP(ip, 'INET', 1):family FROM (SELECT 'n/a' AS ip)"), [[null, null, null]]);
  // A parsed address has no `error` element, with or without the flag.
  assert.deepEqual(await rows("SELECT PARSE_IP('10.0.0.1', 'INET', 1):error, PARSE_IP('10.0.0.1/24', 'INET'):error, PARSE_IP(NULL, 'INET', 1):error"), [[null, null, null]]);
});

test("the permissive flag: the error message, forms that may be addresses, and a flag that is not 0 or 1 are refused", async () => {
  const notIpv4 = refused('PARSE_IP of a value that is not an IPv4 address');
  await assert.rejects(session().execute("SELECT PARSE_IP('unknown', 'INET', 1):error"), notIpv4, 'the message is not documented');
  for (const value of ['fe80::20c:29ff:fe2c:429', '01.2.3.4', ' 1.2.3.4', '']) {
    await assert.rejects(session().execute(`SELECT PARSE_IP('${value}', 'INET', 1):host`), notIpv4, value);
  }
  await assert.rejects(session().execute("SELECT PARSE_IP('1.2.3.4', 'INET', 2):host"), refused('PARSE_IP with a permissive flag that is not the number 0 or 1'));
  await assert.rejects(session().execute("SELECT PARSE_IP('1.2.3.4', 'INET', f):host FROM (SELECT 1 AS f)"), refused('PARSE_IP with a permissive flag that is not the number 0 or 1'));
});

// mattermost_analytics' int_server_ip_to_country: the object is a CTE's column, read by `error` and `ipv4` alone.
const BUCKETS =
  "WITH ips AS (SELECT DISTINCT ip, PARSE_IP(ip, 'INET', 1) AS parsed, " +
  "CASE WHEN parsed:error IS NULL THEN PARSE_IP(ip || '/7', 'INET'):ipv4_range_start END AS bucket FROM (SELECT '193.1.2.3' AS ip)) ";

test('the whole object where the statement reads it only by documented fields, through its alias', async () => {
  assert.deepEqual(await rows(BUCKETS + 'SELECT i.ip, i.bucket, i.parsed:ipv4, i.parsed:error IS NULL FROM ips i'), [['193.1.2.3', 3221225472, 3238068739, true]]);
  assert.deepEqual(await rows("SELECT p:host FROM (SELECT PARSE_IP('10.0.0.1', 'INET') AS p)"), [['10.0.0.1']]);
  // Read so, an address it cannot parse is still refused: the error object's message is not documented.
  await assert.rejects(session().execute("WITH a AS (SELECT PARSE_IP('unknown', 'INET', 1) AS p) SELECT p:error FROM a"), refused('PARSE_IP of a value that is not an IPv4 address'));
});

test('the whole object where it may be seen whole is refused: the result, a read without a path, another field, a star', async () => {
  const whole = refused('PARSE_IP as a whole object');
  for (const sql of [
    "SELECT PARSE_IP('1.2.3.4', 'INET', 1) AS p",
    BUCKETS + 'SELECT i.parsed FROM ips i',
    BUCKETS + 'SELECT i.parsed:ip_fields FROM ips i',
    BUCKETS + 'SELECT * FROM ips',
    BUCKETS + 'SELECT i.* FROM ips i',
    "SELECT (SELECT PARSE_IP('1.2.3.4', 'INET') AS p) AS q",
    "CREATE TABLE t AS (SELECT PARSE_IP('1.2.3.4', 'INET') AS p)",
  ]) {
    await assert.rejects(session().execute(sql), whole, sql);
  }
});

test("a star in an earlier CTE's body cannot read the object (an ephemeral model's `select *`); a later one can", async () => {
  const ephemeral = "WITH src AS (SELECT * FROM (SELECT '10.0.0.1' AS ip)), ips AS (SELECT ip, PARSE_IP(ip, 'INET', 1) AS parsed FROM src) ";
  assert.deepEqual(await rows(ephemeral + 'SELECT ip, parsed:ipv4 FROM ips'), [['10.0.0.1', 167772161]]);
  await assert.rejects(session().execute(ephemeral + ', later AS (SELECT * FROM ips) SELECT ip FROM later'), refused('PARSE_IP as a whole object'));
  // The twin's table materialization reads the model's result with a star: not the CTE.
  assert.deepEqual(await rows(`SELECT * FROM (${ephemeral} SELECT parsed:host FROM ips)`), [['10.0.0.1']]);
  await assert.rejects(session().execute(`SELECT * FROM (SELECT PARSE_IP('10.0.0.1', 'INET') AS parsed)`), refused('PARSE_IP as a whole object'));
});
