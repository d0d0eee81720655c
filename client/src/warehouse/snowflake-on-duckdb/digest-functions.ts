// Digests DuckDB lacks, as DuckDB scalar functions backed by node:crypto: SHA2 with any of Snowflake's digest sizes
// (DuckDB has SHA-256 only) and UUID_STRING(namespace, name), the name-based version 5 UUID of RFC 9562.
import { createHash } from 'node:crypto';
import { BLOB, DuckDBBlobValue, DuckDBScalarFunction, INTEGER, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBDataChunk, type DuckDBScalarFunctionInfo, type DuckDBVector } from '@duckdb/node-api';

const SHA2_ALGORITHMS: Record<number, string> = { 224: 'sha224', 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/** Snowflake's SHA2: the hex digest of the bytes with 224, 256, 384 or 512 bits. */
export function sha2Hex(bytes: Uint8Array, bits: number): string {
  const algorithm = SHA2_ALGORITHMS[bits];
  if (!algorithm) throw new Error(`Invalid digest size ${bits} for SHA2 (use 224, 256, 384 or 512)`);
  return createHash(algorithm).update(bytes).digest('hex');
}

/** The version 5 UUID of `name` (its UTF-8 bytes) in the namespace UUID `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const hex = namespace.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex) || !/^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$|^[0-9a-fA-F]{32}$/.test(namespace)) {
    throw new Error(`Invalid UUID namespace '${namespace}' for UUID_STRING`);
  }
  const digest = createHash('sha1').update(Buffer.from(hex, 'hex')).update(Buffer.from(name, 'utf8')).digest();
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const h = digest.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A function of two arguments, NULL when either is NULL; an exception is the statement's error. */
function scalar(name: string, types: [DuckDBType, DuckDBType], fn: (a: unknown, b: unknown) => string): DuckDBScalarFunction {
  return DuckDBScalarFunction.create({
    name,
    returnType: VARCHAR,
    parameterTypes: types,
    mainFunction: (info: DuckDBScalarFunctionInfo, input: DuckDBDataChunk, output: DuckDBVector) => {
      const a = input.getColumnVector(0);
      const b = input.getColumnVector(1);
      try {
        for (let i = 0; i < input.rowCount; i++) {
          const x = a.getItem(i);
          const y = b.getItem(i);
          output.setItem(i, x === null || y === null ? null : fn(x, y));
        }
        output.flush();
      } catch (e) {
        info.setError(e instanceof Error ? e.message : String(e));
      }
    },
  });
}

/** Macros under Snowflake's names over the functions. */
export const DIGEST_MACROS: string[] = [
  // The bytes hashed: a BINARY's own, any other value's text in UTF-8 (CASE evaluates only the branch it takes), the
  // text Snowflake's cast to VARCHAR gives (a VARIANT string's contents, not its JSON text).
  `bz_bytes(x) AS CASE WHEN typeof(x) = 'BLOB' THEN CAST(x AS BLOB) ELSE encode(bz_varchar_cast(x)) END`,
  `sha2(x) AS bz_sha2_bytes(bz_bytes(x), 256), (x, n) AS bz_sha2_bytes(bz_bytes(x), n)`,
  `sha2_hex(x) AS sha2(x), (x, n) AS sha2(x, n)`,
  `bz_uuid_v5(ns, name) AS bz_uuid_v5_text(CAST(ns AS VARCHAR), CAST(name AS VARCHAR))`,
];

/** Registers the functions on `connection` (DuckDB keeps them per connection). */
export function registerDigestFunctions(connection: DuckDBConnection): void {
  connection.registerScalarFunction(scalar('bz_sha2_bytes', [BLOB, INTEGER], (x, n) => sha2Hex((x as DuckDBBlobValue).bytes, Number(n))));
  connection.registerScalarFunction(scalar('bz_uuid_v5_text', [VARCHAR, VARCHAR], (ns, name) => uuidV5(String(ns), String(name))));
}
