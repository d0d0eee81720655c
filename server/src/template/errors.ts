// Template errors carry the file and 0-based range of the failing tag; `trace` lists the call sites a failure
// inside a macro passed through, innermost first.
import { BronzeError, type Range, type SourceLocation } from '../core/types';
import { LineIndex } from '../project/line-index';

export class TemplateError extends BronzeError {
  /** Set as the error leaves a macro's body: the next located tag is the call site, a frame of its own. */
  leftMacro = false;

  constructor(
    message: string,
    location?: SourceLocation,
    code = 'bronze/jinja-render',
    readonly trace: SourceLocation[] = [],
    /** Where inside files the user does not edit (packages, dbt's own macros) the error happened, outermost first. */
    readonly related: SourceLocation[] = [],
  ) {
    super(message, location, code);
    this.name = 'TemplateError';
  }
}

/**
 * An error raised inside a package's macros, told where the user can act: located at the innermost call site in
 * the user's own files, with the call stack from there inwards in the message (user file → package macro → …)
 * and the package frames as `related`. Unchanged when it already happened in the user's files or never passed
 * through them.
 */
export function atUserCallSite(e: TemplateError, isUserFile: (file: string) => boolean): TemplateError {
  if (!e.location || isUserFile(e.location.file)) return e;
  const frames = [e.location, ...e.trace];
  const u = frames.findIndex((f) => isUserFile(f.file));
  if (u < 0) return e;
  const inner = frames.slice(0, u).reverse();
  const stack = [frames[u], ...inner].map((f) => `${shortPath(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`).join(' → ');
  return new TemplateError(`${e.message} (call stack: ${stack})`, frames[u], e.code, frames.slice(u + 1), inner);
}

/** A path from its package folder (`dbt_packages/dbt_utils/…`) or project folder (`models/…`) down. */
function shortPath(file: string): string {
  const m = /[\\/]((?:dbt_packages|dbt_modules|models|macros|tests|snapshots|analyses|seeds)[\\/].*)$/.exec(file);
  return m ? m[1] : file;
}

/** Non-error exits that unwind the interpreter: return(), break, continue. */
export class ControlSignal {}
export class ReturnSignal extends ControlSignal {
  constructor(readonly value: unknown) {
    super();
  }
}
export class BreakSignal extends ControlSignal {}
export class ContinueSignal extends ControlSignal {}

/** Errors that must pass through rendering untouched (e.g. an introspection miss the caller resolves). */
export interface Passthrough {
  readonly passthrough: true;
  /** Where in a template the error came from (set by the innermost located node), when it wants to know. */
  origin?: SourceLocation;
}
export function isPassthrough(e: unknown): boolean {
  return e instanceof ControlSignal || (typeof e === 'object' && e !== null && (e as Partial<Passthrough>).passthrough === true);
}

export function rangeOf(text: string, start: number, end: number): Range {
  return new LineIndex(text).rangeOf(start, Math.max(start, end));
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
