// Template errors carry the file and 0-based range of the failing tag; `trace` lists the call sites a failure
// inside a macro passed through, innermost first.
import { BronzeError, type Range, type SourceLocation } from '../core/types';
import { offsetToPosition } from './lexer';

export class TemplateError extends BronzeError {
  constructor(
    message: string,
    location?: SourceLocation,
    code = 'bronze/jinja-render',
    readonly trace: SourceLocation[] = [],
  ) {
    super(message, location, code);
    this.name = 'TemplateError';
  }
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
  return { start: offsetToPosition(text, start), end: offsetToPosition(text, Math.max(start, end)) };
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
