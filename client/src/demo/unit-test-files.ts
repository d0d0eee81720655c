// The demo's unit tests (dbt 1.8 `unit_tests:`): bz_users' de-duplication and bz_meetings' incremental filter,
// each run on a handful of rows instead of RAW, in milliseconds, before the model builds.

export function unitTestsYml(): string {
  return `version: 2

# Unit tests run a model's SQL on the rows under given: instead of RAW and compare the result with expect:.
# \`bronze test --select test_type:unit\` runs them; \`bronze build\` runs them before their model and skips the
# model when one fails. Columns not given are NULL; only the expected columns are compared.
unit_tests:
  - name: bz_users_keeps_latest_update_per_user
    description: >
      Duplicates and late updates collapse to one row per user_id: the latest update_timestamp wins, then the
      latest load_timestamp; rows without a user_id are dropped.
    model: bz_users
    given:
      - input: source('raw', 'users')
        rows:
          - {user_id: USR-1, plan_type: Free, update_timestamp: "2026-01-01 08:00:00", load_timestamp: "2026-01-01 09:00:00"}
          - {user_id: USR-1, plan_type: Pro, update_timestamp: "2026-01-02 08:00:00", load_timestamp: "2026-01-02 09:00:00"}
          - {user_id: USR-2, plan_type: Basic, update_timestamp: "2026-01-01 08:00:00", load_timestamp: "2026-01-01 09:00:00"}
          - {user_id: USR-2, plan_type: Business, update_timestamp: "2026-01-01 08:00:00", load_timestamp: "2026-01-01 10:00:00"}
          - {user_id: null, plan_type: Pro, update_timestamp: "2026-01-03 08:00:00", load_timestamp: "2026-01-03 09:00:00"}
    expect:
      rows:
        - {user_id: USR-1, plan_type: Pro}
        - {user_id: USR-2, plan_type: Business}

  - name: bz_meetings_incremental_reads_recent_updates
    description: >
      An incremental run reads only the meetings updated within lookback_days of the newest one already in
      bronze (this); older updates are not read again.
    model: bz_meetings
    overrides:
      macros:
        is_incremental: true
      vars:
        lookback_days: 1
    given:
      - input: source('raw', 'meetings')
        rows:
          - {meeting_id: MTG-1, update_timestamp: "2026-01-01 00:00:00"}
          - {meeting_id: MTG-2, update_timestamp: "2026-01-09 12:00:00"}
          - {meeting_id: MTG-3, update_timestamp: "2026-01-11 00:00:00"}
      - input: this
        rows:
          - {meeting_id: MTG-0, update_timestamp: "2026-01-10 00:00:00"}
    expect:
      rows:
        - {meeting_id: MTG-2}
        - {meeting_id: MTG-3}
`;
}

/** The unit tests' paragraph in the demo's README. */
export const UNIT_TESTS_README = `\`models/bronze/unit_tests.yml\` holds two unit tests (\`bronze test --select test_type:unit\`; \`bronze build\` runs
them before their model): \`bz_users\` keeps the latest update of each user, and \`bz_meetings\`' incremental filter
reads only recent updates (an incremental-mode test with \`input: this\`).
`;
