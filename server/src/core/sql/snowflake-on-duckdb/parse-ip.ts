// PARSE_IP(expr, 'INET') read by one field (`PARSE_IP(network, 'INET'):ipv4_range_start`), for IPv4 addresses in
// dotted-decimal form with an optional prefix length. docs.snowflake.com/en/sql-reference/functions/parse_ip documents
// these fields exactly: family (4), host (the address of the input), ipv4 (the address as a number), and, when the
// input has a subnet mask, ipv4_range_start / ipv4_range_end (the network's first and last address as numbers). The
// page lists the elements a parsed address has, and `error` is not one: it is NULL there.
// With the permissive flag (third argument 1) a parse error gives an object whose `error` field holds the error message
// and no other field is set: its documented fields read NULL. The message itself is not documented, so reading `error`
// of such a value is refused when the query runs.
// The whole object is given only where the statement reads it by those fields alone (`PARSE_IP(…, 1) AS p` …
// `p:error`, `p:ipv4`: mattermost's int_server_ip_to_country), so the fields it lacks are never seen.
// The rest is refused by name: the whole object elsewhere and its other fields (the page names the prefix length field
// network_prefix_length in its notes and netmask_prefix_length in its example; ip_fields' layout for IPv4 and ip_type's
// case are not stated), the CIDR type, a permissive flag that is not the literal 0 or 1, and — when the query runs —
// any value that is not such an IPv4 address (IPv6, or text Snowflake may read differently: leading zeros, spaces),
// unless the flag is 1, the field is not `error`, and the value cannot be an address in any notation (a character no
// IPv4 or IPv6 form has), so no value is ever guessed.
import { literalValue, quote, type Handler } from './template';
import { refusalMessage } from './timestamp-tz';
import { UnsupportedOnDuckDb } from './unsupported';

/** The fields of the result the DuckDB target gives, as Snowflake documents them. */
const FIELDS = ['family', 'host', 'ipv4', 'ipv4_range_start', 'ipv4_range_end'];

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
/** a.b.c.d or a.b.c.d/n: each octet 0–255 without leading zeros, the prefix length 0–32. */
const IPV4_INET = `^${OCTET}(\\.${OCTET}){3}(/(3[0-2]|[12]?[0-9]))?$`;

/** A character no IPv4 or IPv6 text has (digits, hex letters, `.`, `:`, a prefix's `/`, a zone's `%`; spaces aside). */
const NEVER_AN_ADDRESS = '[^0-9A-Fa-f.:/%[:space:]]';

export const PARSE_IP_HANDLERS: Record<string, Handler> = {
  parse_ip: (args, ctx) => {
    if (args.length !== 2 && args.length !== 3) return null;
    const type = literalValue(args[1])?.toUpperCase();
    if (type !== 'INET') throw new UnsupportedOnDuckDb(type === 'CIDR' ? "PARSE_IP of type 'CIDR'" : 'PARSE_IP with a type that is not a string literal', ctx.at);
    const flag = args.length === 3 ? (args[2].sig.length === 1 && args[2].sig[0].kind === 'number' ? args[2].sig[0].text : undefined) : '0';
    if (flag !== '0' && flag !== '1') throw new UnsupportedOnDuckDb('PARSE_IP with a permissive flag that is not the number 0 or 1', ctx.at);
    const key = ctx.outer?.pathKey;
    const refusal = refusalMessage('PARSE_IP of a value that is not an IPv4 address a.b.c.d or a.b.c.d/n (IPv6 and other forms)', ctx);
    if (key === undefined) {
      const reads = ctx.aliasReads();
      if (!reads || !reads.every((k) => k === 'error' || FIELDS.includes(k))) {
        throw new UnsupportedOnDuckDb(`PARSE_IP as a whole object (read one field: PARSE_IP(…):host); the DuckDB target gives ${FIELDS.join(', ')} of an IPv4 address`, ctx.at);
      }
      // Read by fields alone: an invalid value's object would need the undocumented message if `error` is read.
      return ['bz_parse_ip_inet(CAST(', 0, ` AS VARCHAR), ${quote(refusal)})`];
    }
    if (key === 'error') return ['bz_parse_ip_error(CAST(', 0, ` AS VARCHAR), ${quote(refusal)})`];
    if (!FIELDS.includes(key)) throw new UnsupportedOnDuckDb(`PARSE_IP's field ${key}; the DuckDB target gives ${FIELDS.join(', ')} of an IPv4 address`, ctx.at);
    return [flag === '1' ? 'bz_parse_ip_inet_permissive(CAST(' : 'bz_parse_ip_inet(CAST(', 0, ` AS VARCHAR), ${quote(refusal)})`];
  },
};

/**
 * Per-connection macros (client/src/warehouse/snowflake-on-duckdb/shims.ts creates them). Each value is bound once
 * through a one-element list_transform: a macro parameter is copied into its body at every use, and PARSE_IP of
 * PARSE_IP (mattermost's bucket) would otherwise multiply the inner call beyond what DuckDB's optimizer finishes.
 */
export const PARSE_IP_MACROS: string[] = [
  `bz_ipv4_number(h) AS list_reduce(list_transform(string_split(h, '.'), lambda bz_o: CAST(bz_o AS BIGINT)), lambda bz_a, bz_b: bz_a * 256 + bz_b)`,
  // The network's size is 2^(32 - prefix length); its first address the host's with the low bits cleared.
  `bz_ipv4_object(h, p) AS list_transform([bz_ipv4_number(h)], lambda bz_n: CASE WHEN p IS NULL ` +
    `THEN json_object('family', 4, 'host', h, 'ipv4', bz_n) ` +
    `ELSE json_object('family', 4, 'host', h, 'ipv4', bz_n, 'ipv4_range_start', bz_n - bz_n % (CAST(1 AS BIGINT) << (32 - p)), ` +
    `'ipv4_range_end', bz_n - bz_n % (CAST(1 AS BIGINT) << (32 - p)) + (CAST(1 AS BIGINT) << (32 - p)) - 1) END)[1]`,
  `bz_parse_ip_inet(s, m) AS list_transform([s], lambda bz_v: CASE WHEN bz_v IS NULL THEN NULL ` +
    `WHEN NOT regexp_matches(bz_v, ${quote(IPV4_INET)}) THEN CAST(error(m) AS JSON) ` +
    `ELSE bz_ipv4_object(split_part(bz_v, '/', 1), CASE WHEN contains(bz_v, '/') THEN CAST(split_part(bz_v, '/', 2) AS INTEGER) END) END)[1]`,
  // The permissive flag, read by a documented field other than `error`: a value no address notation fits is the
  // error object, which has none of them (an empty object here: only the field read after it is seen).
  `bz_parse_ip_inet_permissive(s, m) AS list_transform([s], lambda bz_v: CASE WHEN regexp_matches(bz_v, ${quote(NEVER_AN_ADDRESS)}) ` +
    `THEN CAST('{}' AS JSON) ELSE bz_parse_ip_inet(bz_v, m) END)[1]`,
  // `error`: absent from a parsed address (NULL); a parse error's message is not documented.
  `bz_parse_ip_error(s, m) AS CASE WHEN s IS NULL OR regexp_matches(s, ${quote(IPV4_INET)}) THEN CAST(NULL AS JSON) ELSE CAST(error(m) AS JSON) END`,
];
