// The key a model LEFT JOINs another model on: `… left [outer] join {{ ref('silver__blocks') }} bb on b.block_id =
// bb.block_id`. A not_null test on a column the joined model gives asks every row to find its match, as a
// relationships test would: the left key's values must be keys of the joined model (flipside_axelar's
// silver__transactions.block_timestamp).

export interface LeftJoinKeys {
  /** The joined model's key column. */
  joinedKey: string;
  /** The column of the other side it is compared with. */
  otherKey: string;
}

/** The equality a model's `left join {{ ref(model) }} alias on x.a = alias.b` states, or undefined. */
export function leftJoinKeys(sql: string, model: string): LeftJoinKeys | undefined {
  const name = model.replace(/[^\w$]/g, '');
  const re = new RegExp(
    `\\bleft\\s+(?:outer\\s+)?join\\s+\\{\\{\\s*ref\\(\\s*['"]${name}['"]\\s*\\)\\s*\\}\\}\\s*(?:as\\s+)?([A-Za-z_]\\w*)\\s+on\\s+([A-Za-z_]\\w*)\\.([A-Za-z_]\\w*)\\s*=\\s*([A-Za-z_]\\w*)\\.([A-Za-z_]\\w*)`,
    'i',
  );
  const m = re.exec(sql);
  if (!m) return undefined;
  const alias = m[1].toLowerCase();
  if (m[4].toLowerCase() === alias && m[2].toLowerCase() !== alias) return { joinedKey: m[5], otherKey: m[3] };
  if (m[2].toLowerCase() === alias && m[4].toLowerCase() !== alias) return { joinedKey: m[3], otherKey: m[5] };
  return undefined;
}
