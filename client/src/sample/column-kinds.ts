// What kind of values a RAW column holds, decided from its declared Snowflake type, else from how the project's
// models use it, else from its name (`*_id`, `*_timestamp`, `email`, …). The kind picks the generator; the type is
// what the twin's table is created with.

export type ValueKind =
  | 'id'
  | 'text'
  | 'email'
  | 'person'
  | 'phone'
  | 'company'
  | 'category'
  | 'integer'
  | 'decimal'
  | 'float'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'timestamp_tz'
  | 'time'
  | 'json'
  /** JSON text a model parses and casts to ARRAY (`parse_json(x)::array`). */
  | 'json_array'
  /** A dotted release version (`7.10.2`), which models split and match (`split_part(version, '.', 1)`). */
  | 'version'
  /** An IPv4 address (`server_ip`) or network in CIDR form (`network`: `2.21.92.0/29`), which models parse (PARSE_IP). */
  | 'ip'
  /** Hex digits, which models decode (`HEX_DECODE_STRING(txid)`: algorand's transaction ids). */
  | 'hex';

/** The Snowflake type a generated column gets when nothing declares one. */
export const DEFAULT_TYPE: Record<ValueKind, string> = {
  id: 'VARCHAR',
  text: 'VARCHAR',
  email: 'VARCHAR',
  person: 'VARCHAR',
  phone: 'VARCHAR',
  company: 'VARCHAR',
  category: 'VARCHAR',
  integer: 'NUMBER(38,0)',
  decimal: 'NUMBER(18,2)',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP_NTZ',
  timestamp_tz: 'TIMESTAMP_TZ',
  time: 'TIME',
  json: 'VARIANT',
  json_array: 'ARRAY',
  ip: 'VARCHAR',
  version: 'VARCHAR',
  hex: 'VARCHAR',
};

/** The family of a Snowflake type name, or undefined when the name is not one Snowflake has. */
export function typeFamily(dataType: string): ValueKind | undefined {
  const t = dataType.trim().toUpperCase().replace(/\s+/g, ' ');
  const base = t.replace(/\(.*$/, '').trim();
  const scale = /^\w+\s*\(\s*\d+\s*,\s*(\d+)\s*\)/.exec(t)?.[1];
  if (/^(VARCHAR|STRING|TEXT|CHAR|CHARACTER|NCHAR|NVARCHAR|NVARCHAR2|CHAR VARYING|NCHAR VARYING)$/.test(base)) return 'text';
  if (/^(NUMBER|DECIMAL|NUMERIC)$/.test(base)) return scale !== undefined && Number(scale) > 0 ? 'decimal' : 'integer';
  if (/^(INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT)$/.test(base)) return 'integer';
  if (/^(FLOAT|FLOAT4|FLOAT8|DOUBLE|DOUBLE PRECISION|REAL)$/.test(base)) return 'float';
  if (base === 'BOOLEAN' || base === 'BOOL') return 'boolean';
  if (base === 'DATE') return 'date';
  if (/^(TIMESTAMP|TIMESTAMP_NTZ|DATETIME|TIMESTAMPNTZ|TIMESTAMP WITHOUT TIME ZONE)$/.test(base)) return 'timestamp';
  if (/^(TIMESTAMP_TZ|TIMESTAMP_LTZ|TIMESTAMPTZ|TIMESTAMPLTZ|TIMESTAMP WITH TIME ZONE|TIMESTAMP WITH LOCAL TIME ZONE)$/.test(base)) return 'timestamp_tz';
  if (base === 'TIME') return 'time';
  if (/^(VARIANT|OBJECT|ARRAY)$/.test(base)) return 'json';
  return undefined;
}

/**
 * The words of a name as its writer cut it, lower-cased: at `_`, `-`, `.` and spaces, and at camelCase humps
 * (`userId` → user, id; `accountID` → account, id; `HTTPServerId` → http, server, id).
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[-_. ]+/)
    .filter((w) => w !== '');
}

/** The last words that make a name an id's. */
const ID_WORDS = new Set(['id', 'uuid', 'guid']);

/**
 * English words that end in the letters "id" and name no id (`paid`, `valid`, `void`): a key's last word ending in
 * one is no id (`invoice_paid`, `isValid`, `prepaid`, `invalid`); the short ones (aid, bid, kid, lid, …) only as the
 * whole word, since abbreviations run into `id` end in them (`xaid`).
 */
const ID_LOOKALIKES = new Set(
  ('paid valid void rapid fluid liquid solid hybrid android humid vivid acid squid raid maid braid afraid staid amid ' +
    'pyramid candid morbid splendid stupid timid lucid placid rigid frigid vapid torrid horrid orchid cupid druid ovoid ' +
    'steroid tabloid asteroid thyroid humanoid cuboid ellipsoid arid squalid turgid insipid intrepid putrid limpid ' +
    'tepid sordid rancid pallid covid').split(' '),
);
const SHORT_LOOKALIKES = new Set(['aid', 'bid', 'kid', 'lid', 'rid', 'hid', 'did', 'mid', 'grid', 'said', 'laid']);

/**
 * Whether a JSON key names an id (one value per thing), by its last word: `id`, `uuid` or `guid` (`id`, `user_id`,
 * `userId`, `accountID`, `order-id`, `sessionGuid`), or a word run into `id` (`accountid`, `ownerid`, and
 * abbreviations as `sfid`, `apid`) unless it is an English word that merely ends in the letters (`paid`, `valid`,
 * `void`, `rapid`, and run together, `amountpaid`).
 */
export function namesAnId(name: string): boolean {
  if (!/id$/i.test(name)) return false;
  const words = nameWords(name);
  const last = words[words.length - 1] ?? '';
  if (ID_WORDS.has(last)) return true;
  if (!last.endsWith('id') || SHORT_LOOKALIKES.has(last)) return false;
  for (let at = 0; at + 4 <= last.length; at++) if (ID_LOOKALIKES.has(last.slice(at))) return false;
  return true;
}

/** The kind a column's name suggests (a text-typed column named `email` still gets e-mail addresses). */
export function kindFromName(name: string): ValueKind {
  // A Salesforce custom field is named like any other plus `__c` (health_score__c, start_date__c).
  // JSON keys are often hyphenated (`cws-license-start-date`): the same words as with underscores.
  const n = name.toLowerCase().replace(/__c$/, '').replace(/-/g, '_');
  if (/(^|_)e?mail(_address)?$/.test(n)) return 'email';
  if (/(^|_)(phone|mobile|telephone)(_number)?$/.test(n)) return 'phone';
  // Salesforce-style flags run the words together: isdeleted, isactive, hasoptedoutofemail.
  if (/^(is|has|can|should)_|_(flag|bool|yn)$|^(active|enabled|deleted)$|^is(deleted|active|closed|won|converted|archived|locked|primary|private|default|enabled|test|trial|valid|current|paid|internal|excluded)|^hasopted/.test(n)) return 'boolean';
  if (/(^|_)(id|key|uuid|guid)$|_sk$/.test(n)) return 'id';
  if (/(_at|_timestamp|_ts|_datetime|_time_utc|^(start|end|join|leave|event|created|updated)_time)$|^(timestamp|created|updated|modified|loaded|_loaded_at)$/.test(n)) return 'timestamp';
  if (/(_date|_dt)$|^(date|dob|day)$/.test(n)) return 'date';
  // Salesforce's standard fields run the words together: createddate and systemmodstamp are date-times,
  // closedate and converteddate dates.
  if (/^(created|lastmodified|lastviewed|lastreferenced)date$|^systemmodstamp$/.test(n)) return 'timestamp';
  if (/^[a-z]+eddate$|^(close|start|end|due|birth|effective|expiration|renewal|lastactivity|activity|contractend|contractstart)date$/.test(n)) return 'date';
  if (/(^|_)(amount|amt|price|cost|revenue|balance|fee|total|tax|discount|mrr|arr|spend)(_usd|_amount)?$/.test(n)) return 'decimal';
  // `count_public_channels`: a count of what follows, as `public_channels_count` is.
  if (/(^|_)(count|cnt|num|number|qty|quantity|minutes|seconds|hours|duration|duration_minutes|age|seats|size|rank|score|year|month|week|users|participants)$|^(num|n|count)_/.test(n)) return 'integer';
  if (/(^|_)(rate|ratio|pct|percent|percentage|latitude|longitude|lat|lon|lng)$/.test(n)) return 'float';
  // `version_custom_user_attributes`, `enable_settings`, `config_plugin_enable_custom_attributes` (a telemetry
  // config flag, coalesced with text elsewhere): a setting about the thing named, not its payload.
  if (/(^|_)(json|payload|metadata|attributes|properties|raw|variant|details|settings)$/.test(n) && !/(^|_)(version|enable|enabled|disable|disabled|allow)_/.test(n)) return 'json';
  if (/(^|_)(first_name|last_name|full_name|user_name|username|display_name|contact_name|customer_name|host_name|name)$/.test(n) && !/(company|account|org|organization|product|plan|feature|file|table|event|topic)_name$/.test(n)) {
    return 'person';
  }
  if (/(^|_)(company|organization|organisation|org|account_name|company_name|employer)$/.test(n)) return 'company';
  if (/(^|_)version$/.test(n)) return 'version';
  if (/(^|_)(ip|ipv4|ip_address|ipaddress)$|^(network|cidr|ip_network|cidr_block)$/.test(n)) return 'ip';
  if (/(^|_)(status|state|type|category|plan|tier|region|country|currency|channel|source|source_system|level|priority|gender|role|segment|method|kind)$/.test(n)) return 'category';
  // A numbered one of several measures or times (`f_fact_qty1` … `f_fact_qty10`, `amount_2`, `ship_dt2`) is what its
  // stem says: robling's fact table writes F_FACT_QTY1 beside F_FACT_QTY and a model adds the two.
  const stem = n.replace(/_?\d+$/, '');
  if (stem !== n && stem !== '') {
    const kind = kindFromName(stem);
    if (['decimal', 'integer', 'float', 'date', 'timestamp'].includes(kind)) return kind;
  }
  return 'text';
}

/** A column's kind: the declared type decides the family; within text, the name decides the flavour. */
export function columnKind(name: string, dataType: string | undefined): ValueKind {
  const byName = kindFromName(name);
  const family = dataType ? typeFamily(dataType) : undefined;
  if (!family) return byName;
  if (family === 'text') return ['id', 'email', 'person', 'phone', 'company', 'category', 'text', 'version', 'ip'].includes(byName) ? byName : 'text';
  if (family === 'integer' && byName === 'id') return 'id';
  return family;
}

/**
 * A time type's precision as the twin table is created with it: Snowflake's default (9) left out; a lower one kept,
 * so that the twin records that DESCRIBE TABLE can no longer show (9) for sure (time-precision.ts) — as (6) when
 * below DuckDB's six digits, which the twin holds anyway.
 */
const lowerTimePrecision = (p: number): string => (p >= 9 ? '' : `(${Math.max(6, p)})`);

/**
 * Snowflake's type, shortened to what a twin table is created with (`VARCHAR(16777216)` → `VARCHAR`). A
 * TIMESTAMP_TZ column is held as TIMESTAMP_LTZ: DuckDB keeps the instant but not each value's own offset, and
 * the twin must still hold the source (a model that needs the offset fails by name where it asks for TIMESTAMP_TZ).
 */
export function twinType(dataType: string): string {
  const t = dataType.trim().toUpperCase();
  if (/^(VARCHAR|TEXT|STRING|CHAR)/.test(t)) return 'VARCHAR';
  if (isTimestampTz(t)) return 'TIMESTAMP_LTZ';
  if (/^(TIMESTAMP_(NTZ|LTZ)|TIME)\b/.test(t)) return t.replace(/\((\d+)\)$/, (_, p: string) => lowerTimePrecision(Number(p)));
  if (/^NUMBER\(\d+,\s*\d+\)$/.test(t) || /^(FLOAT|DOUBLE|REAL|BOOLEAN|DATE|VARIANT|OBJECT|ARRAY|BINARY)/.test(t)) return t.replace(/\(\d+\)$/, '');
  return t;
}

/** TIMESTAMP_TZ and its synonyms: the type the twin holds as TIMESTAMP_LTZ. */
export function isTimestampTz(dataType: string): boolean {
  return /^(TIMESTAMP_TZ|TIMESTAMPTZ|TIMESTAMP WITH TIME ZONE)\b/i.test(dataType.trim());
}

/** The note a progress line carries when TIMESTAMP_TZ columns are held as TIMESTAMP_LTZ. */
export function tzNote(columns: ReadonlyArray<{ name: string; dataType: string }>): string {
  const tz = columns.filter((c) => isTimestampTz(c.dataType)).map((c) => c.name);
  return tz.length > 0 ? ` (TIMESTAMP_TZ ${tz.join(', ')} held as TIMESTAMP_LTZ: DuckDB keeps the instant, not the offset)` : '';
}
