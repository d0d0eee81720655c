import { translateSnowflakeSql } from './server/src/core/sql/snowflake-on-duckdb/translate';
const e = process.argv[2];
const out = translateSnowflakeSql(`select ${e} as x from t`);
console.log(out.length, out.slice(0, 3000));
