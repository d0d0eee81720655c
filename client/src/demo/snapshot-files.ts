// The demo's snapshot: users_snapshot keeps every version of each bronze user's plan and company (dbt's SCD
// type 2), so a change bz_users merges in place stays visible as history. The personal columns stay out.

export function usersSnapshotSql(): string {
  return `{% snapshot users_snapshot %}
{{
    config(
        unique_key='user_id',
        strategy='timestamp',
        updated_at='update_timestamp'
    )
}}

-- One row per version of each user's plan and company: a later update_timestamp closes the current row
-- (dbt_valid_to) and adds the new one. Read the current rows with \`where dbt_valid_to is null\`.
select
    user_id,
    company,
    plan_type,
    update_timestamp
from {{ ref('bz_users') }}

{% endsnapshot %}
`;
}

/** The snapshot's paragraph in the demo's README. */
export const SNAPSHOT_README = `\`snapshots/users_snapshot.sql\` is a snapshot (\`bronze snapshot\`; \`bronze build\` runs it after \`bz_users\`):
every version of each user's plan and company, with dbt's \`dbt_valid_from\`/\`dbt_valid_to\`; after
\`bronze demo . --next-batch\` and a build, users whose plan changed have two rows.
`;
