// The seven Zoom RAW tables of the demo, with exactly the "variant A" columns of the public Zoom bronze projects
// (lower-case names, DDL order), and the domain values the generator draws from. The demo project's sources,
// accepted_values tests and the loader all read these, so the data and the tests cannot drift apart.

export type RawTableName =
  | 'users'
  | 'meetings'
  | 'participants'
  | 'feature_usage'
  | 'support_tickets'
  | 'billing_events'
  | 'licenses';

/** How a value is held in memory: strings as-is, timestamps as epoch milliseconds, dates as epoch days. */
export type RawKind = 'string' | 'integer' | 'decimal' | 'timestamp' | 'date';

export interface RawColumnSpec {
  name: string;
  kind: RawKind;
  /** The variant-A Snowflake type (`STRING`, `NUMBER`, `NUMBER(10,2)`, `TIMESTAMP_NTZ`, `DATE`). */
  snowflakeType: string;
  /** What the local DuckDB RAW table uses for it. */
  duckdbType: string;
  description: string;
}

export interface RawTableSpec {
  name: RawTableName;
  /** The bronze model built from this table. */
  model: string;
  primaryKey: string;
  /** Key prefix of generated ids, e.g. `USR-0000042`. */
  keyPrefix: string;
  /** Tag for the table's business domain (models get `bronze` from dbt_project.yml). */
  domain: string;
  description: string;
  columns: readonly RawColumnSpec[];
}

export const PLAN_TYPES = ['Free', 'Basic', 'Pro', 'Business', 'Enterprise'] as const;
export const FEATURE_NAMES = ['screen_share', 'recording', 'chat', 'whiteboard', 'breakout_rooms'] as const;
export const TICKET_TYPES = ['Technical', 'Billing', 'Account', 'Feature Request'] as const;
export const RESOLUTION_STATUSES = ['Open', 'In Progress', 'Resolved', 'Closed'] as const;
export const EVENT_TYPES = ['subscription', 'usage', 'refund', 'upgrade', 'downgrade'] as const;
export const LICENSE_TYPES = ['Basic', 'Pro', 'Enterprise', 'Education'] as const;

const STRING = (name: string, description: string): RawColumnSpec => ({
  name,
  kind: 'string',
  snowflakeType: 'STRING',
  duckdbType: 'VARCHAR',
  description,
});
const INTEGER = (name: string, description: string): RawColumnSpec => ({
  name,
  kind: 'integer',
  snowflakeType: 'NUMBER',
  duckdbType: 'INTEGER',
  description,
});
const TIMESTAMP = (name: string, description: string): RawColumnSpec => ({
  name,
  kind: 'timestamp',
  snowflakeType: 'TIMESTAMP_NTZ',
  duckdbType: 'TIMESTAMP',
  description,
});
const DATE = (name: string, description: string): RawColumnSpec => ({
  name,
  kind: 'date',
  snowflakeType: 'DATE',
  duckdbType: 'DATE',
  description,
});

const AUDIT_COLUMNS: readonly RawColumnSpec[] = [
  TIMESTAMP('load_timestamp', 'When the row was loaded into RAW.'),
  TIMESTAMP('update_timestamp', 'When the source system last changed the record; the latest one wins in bronze.'),
  STRING('source_system', 'The system the record came from.'),
];

export const RAW_TABLES: readonly RawTableSpec[] = [
  {
    name: 'users',
    model: 'bz_users',
    primaryKey: 'user_id',
    keyPrefix: 'USR-',
    domain: 'users',
    description: 'Zoom user accounts with their company and subscription plan.',
    columns: [
      STRING('user_id', 'Unique identifier of the user.'),
      STRING('user_name', 'Display name of the user (personal data).'),
      STRING('email', 'E-mail address of the user (personal data).'),
      STRING('company', 'Company the user belongs to; NULL when unknown.'),
      STRING('plan_type', `Subscription plan: ${PLAN_TYPES.join(', ')}.`),
      ...AUDIT_COLUMNS,
    ],
  },
  {
    name: 'meetings',
    model: 'bz_meetings',
    primaryKey: 'meeting_id',
    keyPrefix: 'MTG-',
    domain: 'meetings',
    description: 'Meetings hosted on the platform.',
    columns: [
      STRING('meeting_id', 'Unique identifier of the meeting.'),
      STRING('host_id', 'user_id of the host.'),
      STRING('meeting_topic', 'Topic of the meeting; NULL when none was given.'),
      TIMESTAMP('start_time', 'When the meeting started.'),
      TIMESTAMP('end_time', 'When the meeting ended.'),
      INTEGER('duration_minutes', 'Length of the meeting in minutes.'),
      ...AUDIT_COLUMNS,
    ],
  },
  {
    name: 'participants',
    model: 'bz_participants',
    primaryKey: 'participant_id',
    keyPrefix: 'PRT-',
    domain: 'meetings',
    description: 'Who joined which meeting, and when.',
    columns: [
      STRING('participant_id', 'Unique identifier of the attendance record.'),
      STRING('meeting_id', 'The meeting attended; may arrive before the meeting itself (late-arriving).'),
      STRING('user_id', 'The attending user.'),
      TIMESTAMP('join_time', 'When the participant joined.'),
      TIMESTAMP('leave_time', 'When the participant left; NULL while unknown.'),
      ...AUDIT_COLUMNS,
    ],
  },
  {
    name: 'feature_usage',
    model: 'bz_feature_usage',
    primaryKey: 'usage_id',
    keyPrefix: 'FTU-',
    domain: 'usage',
    description: 'Per-meeting usage counts of platform features.',
    columns: [
      STRING('usage_id', 'Unique identifier of the usage record.'),
      STRING('meeting_id', 'The meeting in which the feature was used.'),
      STRING('feature_name', `Feature: ${FEATURE_NAMES.join(', ')}.`),
      INTEGER('usage_count', 'How many times the feature was used.'),
      DATE('usage_date', 'Day of use.'),
      ...AUDIT_COLUMNS,
    ],
  },
  {
    name: 'support_tickets',
    model: 'bz_support_tickets',
    primaryKey: 'ticket_id',
    keyPrefix: 'TKT-',
    domain: 'support',
    description: 'Support tickets opened by users.',
    columns: [
      STRING('ticket_id', 'Unique identifier of the ticket.'),
      STRING('user_id', 'The user who opened the ticket.'),
      STRING('ticket_type', `Ticket type: ${TICKET_TYPES.join(', ')}.`),
      STRING('resolution_status', `Status: ${RESOLUTION_STATUSES.join(', ')}.`),
      DATE('open_date', 'Day the ticket was opened.'),
      ...AUDIT_COLUMNS,
    ],
  },
  {
    name: 'billing_events',
    model: 'bz_billing_events',
    primaryKey: 'event_id',
    keyPrefix: 'BIL-',
    domain: 'billing',
    description: 'Billing events (charges, refunds, plan changes).',
    columns: [
      STRING('event_id', 'Unique identifier of the billing event.'),
      STRING('user_id', 'The billed user.'),
      STRING('event_type', `Event type: ${EVENT_TYPES.join(', ')}.`),
      {
        name: 'amount',
        kind: 'decimal',
        snowflakeType: 'NUMBER(10,2)',
        duckdbType: 'DECIMAL(10,2)',
        description: 'Amount in USD; refunds are positive amounts of type refund.',
      },
      DATE('event_date', 'Day of the event.'),
      ...AUDIT_COLUMNS,
    ],
  },
  {
    name: 'licenses',
    model: 'bz_licenses',
    primaryKey: 'license_id',
    keyPrefix: 'LIC-',
    domain: 'billing',
    description: 'Licenses and the users they are assigned to.',
    columns: [
      STRING('license_id', 'Unique identifier of the license.'),
      STRING('license_type', `License type: ${LICENSE_TYPES.join(', ')}.`),
      STRING('assigned_to_user_id', 'The user holding the license; NULL while unassigned.'),
      DATE('start_date', 'First day of validity.'),
      DATE('end_date', 'Last day of validity; NULL for licenses without an end.'),
      ...AUDIT_COLUMNS,
    ],
  },
];

export function rawTable(name: RawTableName): RawTableSpec {
  const spec = RAW_TABLES.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown RAW table ${name}`);
  return spec;
}

/** Position of a column in the table's rows. */
export function columnIndex(spec: RawTableSpec, column: string): number {
  const i = spec.columns.findIndex((c) => c.name === column);
  if (i < 0) throw new Error(`RAW table ${spec.name} has no column ${column}`);
  return i;
}
