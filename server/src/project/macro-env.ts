// A Jinja environment holding the project's macros, for the loader's own renders (naming macros, refs computed in
// Jinja). Parsing every macro file is paid only when a render needs it, and once per load for all of them.
import type { MacroNode } from '../core/types';
import { JinjaEnvironment } from '../template';

export function lazyMacroEnvironment(macros: ReadonlyMap<string, MacroNode>, rootPackage: string): () => JinjaEnvironment {
  let env: JinjaEnvironment | undefined;
  return () => {
    if (env) return env;
    env = new JinjaEnvironment({ rootPackage });
    const files = new Map<string, { pkg: string; text: string }>();
    for (const m of macros.values()) files.set(m.location.file, { pkg: m.packageName, text: m.fileText });
    for (const [file, { pkg, text }] of files) {
      try {
        env.addMacroFile(pkg, file, text);
      } catch {
        // A macro file that does not parse is reported when the engine loads the macros.
      }
    }
    return env;
  };
}
