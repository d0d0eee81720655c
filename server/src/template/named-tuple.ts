// Python named tuples in templates: Jinja2's groupby yields `_GroupTuple(grouper, list)`, read either by unpacking
// (`for key, rows in x | groupby('a')`) or by field (`group.grouper`, `group.list`). The value is an ordinary tuple;
// its field names are kept aside for attribute access (access.ts).
import { type RV, TupleValue } from './values';

const FIELDS = new WeakMap<RV, readonly string[]>();

/** A tuple of `values` whose items are also the attributes `names`. */
export function namedTuple(names: readonly string[], values: RV[]): RV {
  const t = new TupleValue(values);
  FIELDS.set(t, names);
  return t;
}

/** The field `name` of a named tuple, or undefined. */
export function namedField(obj: RV, name: string): RV | undefined {
  const i = FIELDS.get(obj)?.indexOf(name) ?? -1;
  return i < 0 ? undefined : (obj as InstanceType<typeof TupleValue>).value[i];
}
