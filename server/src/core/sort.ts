// Sorting the many short lists a big project has (a node's parents, a test's keyword names) in place.
// Array.prototype.sort allocates a workspace on every call (~1 KB: 20 MB over one 10,000-model load);
// an insertion sort of a few elements allocates nothing.

/** Sorts numbers ascending or strings in code-unit order (as the default sort), in place; returns the list. */
export function sortShort<T extends number | string>(list: T[]): T[] {
  if (list.length > 32) return typeof list[0] === 'number' ? list.sort((a, b) => (a as number) - (b as number)) : list.sort();
  for (let i = 1; i < list.length; i++) {
    const v = list[i];
    let j = i - 1;
    while (j >= 0 && list[j] > v) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = v;
  }
  return list;
}
