// The privileges granted on objects, across sessions: GRANT and REVOKE recorded, SHOW GRANTS ON <object> listing them
// after the owner's OWNERSHIP row in Snowflake's columns (https://docs.snowflake.com/en/sql-reference/sql/show-grants),
// and an object replaced by CREATE OR REPLACE starting with none unless the statement says COPY GRANTS
// (https://docs.snowflake.com/en/sql-reference/sql/create-table: COPY GRANTS). Objects are keyed by the name as
// written (dbt names them in full); privileges are table/view ones, grantees roles.
import { displayName, type Words } from './statement-words';

const OBJECT_TYPES = new Set(['table', 'view', 'schema', 'database', 'function', 'procedure', 'stage', 'sequence']);

export class GrantRegistry {
  /** By object: by privilege, the grantees. */
  private readonly byObject = new Map<string, Map<string, Set<string>>>();

  private key(words: Words, i: number): { key: string; next: number } {
    const at = OBJECT_TYPES.has(words.w(i)) ? i + 1 : i;
    const { parts, next } = words.name(at);
    return { key: parts.map(displayName).join('.'), next };
  }

  /** `GRANT p[, …] ON [type] obj TO [ROLE] r` / `REVOKE p[, …] ON [type] obj FROM [ROLE] r`; false when it is another form. */
  apply(words: Words): boolean {
    const grant = words.w(0) === 'grant';
    const on = words.find(1, 'on');
    if (on < 0) return false;
    const privileges = words.sig.slice(1, on).filter((l) => l.kind === 'word').map((l) => l.text.toUpperCase());
    const { key, next } = this.key(words, on + 1);
    if (words.w(next) !== (grant ? 'to' : 'from')) return false;
    const roleAt = words.w(next + 1) === 'role' ? next + 2 : next + 1;
    const grantee = words.name(roleAt).parts.map(displayName).join('.');
    if (!key || !grantee || privileges.length === 0) return false;
    const granted = this.byObject.get(key) ?? new Map<string, Set<string>>();
    this.byObject.set(key, granted);
    for (const p of privileges) {
      const to = granted.get(p) ?? new Set<string>();
      granted.set(p, to);
      if (grant) to.add(grantee);
      else to.delete(grantee);
    }
    return true;
  }

  /** A CREATE OR REPLACE of a table or view without COPY GRANTS, or a DROP: the object's grants are gone. */
  replaced(words: Words): void {
    if (words.w(0) === 'drop') {
      if (words.w(1) === 'table' || words.w(1) === 'view') this.byObject.delete(this.key(words, words.is(2, 'if', 'exists') ? 4 : 2).key);
      return;
    }
    if (!words.is(1, 'or', 'replace') || words.find(3, 'copy', 'grants') >= 0) return;
    const kind = words.sig.findIndex((l, i) => i >= 3 && l.kind === 'word' && (l.text.toLowerCase() === 'table' || l.text.toLowerCase() === 'view'));
    if (kind >= 0) this.byObject.delete(this.key(words, kind + 1).key);
  }

  /** SHOW GRANTS ON [type] obj: the owner's OWNERSHIP, then each privilege granted, as rows of SHOW GRANTS' columns. */
  show(words: Words, owner: string): { columns: string[]; rows: (string | boolean)[][] } {
    const { key } = this.key(words, 3);
    const name = key;
    const row = (privilege: string, grantee: string): (string | boolean)[] => ['1970-01-01 00:00:00.000 +0000', privilege, 'TABLE', name, 'ROLE', grantee, false, owner];
    const rows = [row('OWNERSHIP', owner)];
    for (const [privilege, grantees] of this.byObject.get(key) ?? []) for (const g of [...grantees].sort()) rows.push(row(privilege, g));
    return { columns: ['created_on', 'privilege', 'granted_on', 'name', 'granted_to', 'grantee_name', 'grant_option', 'granted_by'], rows };
  }
}
