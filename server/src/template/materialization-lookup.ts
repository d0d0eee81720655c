// Which `{% materialization %}` block runs a model, as dbt-core's Manifest.find_materialization_macro_by_name picks
// it: the macro `materialization_<name>_<adapter>` for the target's adapter, else `materialization_<name>_default`
// (an adapter's own always beats a default one, wherever each is defined); among definitions of the same macro, the
// root project's beats an installed package's, which beats dbt's own (dbt-core's Locality: Core < Imported < Root).
// The lexer turns `{% materialization x, adapter='a' %}` into the macro `materialization_x_a` (`_default` without one).

/** A macro definition as far as the lookup needs it. */
export interface MacroCandidate {
  packageName: string;
  name: string;
}

/** dbt's macro name for a materialization: `materialization_<name>_<adapter or default>`. */
export function materializationMacroName(materialization: string, adapter: string): string {
  return `materialization_${materialization}_${adapter}`;
}

/** Whether a macro name is a `{% materialization %}` block's (materializationMacroName): the only ones the lookup reads. */
export function isMaterializationMacro(name: string): boolean {
  return name.startsWith('materialization_');
}

/**
 * What follows a materialization's name in `{% materialization name, adapter='snowflake' %}`: the adapter the block
 * is for, 'default' after `, default` or nothing. The lexer (which names the block's macro) and the project scanner
 * (which lists it) both read the tag with this.
 */
export function materializationAdapter(afterName: string): string {
  return /^\s*,\s*adapter\s*=\s*['"](\w+)['"]/.exec(afterName)?.[1] ?? 'default';
}

/** dbt-core's Locality: dbt's own macros, then installed packages, then the root project (the highest wins). */
function locality(packageName: string, rootPackage: string): number {
  if (packageName === rootPackage) return 3;
  return packageName === 'dbt' ? 1 : 2;
}

/**
 * The macro that runs `materialization` on `adapter`, or undefined (dbt's "No materialization '<name>' was found for
 * adapter <adapter>!"). `adapters` after the first are parent adapters (none for snowflake); `default` is searched last.
 */
export function findMaterializationMacro<M extends MacroCandidate>(
  macros: Iterable<M>,
  materialization: string,
  adapter: string,
  rootPackage: string,
): M | undefined {
  const wanted = [materializationMacroName(materialization, adapter), materializationMacroName(materialization, 'default')];
  let best: { macro: M; specificity: number; locality: number } | undefined;
  for (const macro of macros) {
    const specificity = wanted.indexOf(macro.name);
    if (specificity < 0) continue;
    const rank = locality(macro.packageName, rootPackage);
    // A lower specificity (the adapter's own) wins first; then the higher locality.
    if (!best || specificity < best.specificity || (specificity === best.specificity && rank > best.locality)) best = { macro, specificity, locality: rank };
  }
  return best?.macro;
}

/** dbt's message when no macro is found (dbt-core's MaterializationNotAvailableError), with the names searched. */
export function materializationNotFoundMessage(materialization: string, adapter: string, model: string): string {
  return (
    `No materialization '${materialization}' was found for adapter ${adapter}! (model '${model}'; searched for the macros ` +
    `'${materializationMacroName(materialization, adapter)}' and '${materializationMacroName(materialization, 'default')}': ` +
    `define {% materialization ${materialization}, adapter='${adapter}' %} or {% materialization ${materialization}, default %} in a macro file)`
  );
}
