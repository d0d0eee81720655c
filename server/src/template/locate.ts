// Pairs the statements of a parsed program with the tags the lexer saw, so runtime errors can name the failing
// tag. The parser builds statements in tag order, so a structural walk over both lines them up; any mismatch
// gives up (no positions) rather than guessing.
import type { TagInfo } from './lexer';

export interface AstNode {
  type: string;
  [key: string]: unknown;
}

const STATEMENT_FOR: Record<string, string> = {
  if: 'If',
  for: 'For',
  set: 'Set',
  macro: 'Macro',
  call: 'CallStatement',
  filter: 'FilterStatement',
  break: 'Break',
  continue: 'Continue',
};

const STATEMENT_TYPES = new Set(Object.values(STATEMENT_FOR));

class Mismatch extends Error {}

export function locateStatements(body: AstNode[], tags: TagInfo[]): Map<AstNode, TagInfo> | null {
  const out = new Map<AstNode, TagInfo>();
  let k = 0;
  const next = (): TagInfo => {
    const t = tags[k++];
    if (!t) throw new Mismatch();
    return t;
  };
  const peek = (): TagInfo | undefined => tags[k];
  const expectEnd = (name: string) => {
    const t = next();
    if (t.kind !== 'stmt' || t.name !== name) throw new Mismatch();
  };
  const walkBody = (nodes: unknown) => {
    for (const node of nodes as AstNode[]) visit(node, next());
  };
  const walkIf = (node: AstNode, nested: boolean) => {
    walkBody(node.body);
    const t = peek();
    const alt = node.alternate as AstNode[];
    if (t?.kind === 'stmt' && t.name === 'elif') {
      next();
      const inner = alt[0];
      if (!inner || inner.type !== 'If') throw new Mismatch();
      out.set(inner, t);
      walkIf(inner, true);
    } else if (t?.kind === 'stmt' && t.name === 'else') {
      next();
      walkBody(alt);
    }
    if (!nested) expectEnd('endif');
  };
  const visit = (node: AstNode, tag: TagInfo) => {
    if (tag.kind === 'text') {
      if (node.type !== 'StringLiteral') throw new Mismatch();
    } else if (tag.kind === 'expr') {
      if (STATEMENT_TYPES.has(node.type)) throw new Mismatch();
    } else if (STATEMENT_FOR[tag.name] !== node.type) {
      throw new Mismatch();
    }
    out.set(node, tag);
    switch (node.type) {
      case 'If':
        walkIf(node, false);
        break;
      case 'For': {
        walkBody(node.body);
        const t = peek();
        if (t?.kind === 'stmt' && t.name === 'else') {
          next();
          walkBody(node.defaultBlock);
        }
        expectEnd('endfor');
        break;
      }
      case 'Macro':
        walkBody(node.body);
        expectEnd('endmacro');
        break;
      case 'Set':
        if (node.value === null) {
          walkBody(node.body);
          expectEnd('endset');
        }
        break;
      case 'CallStatement':
        walkBody(node.body);
        expectEnd('endcall');
        break;
      case 'FilterStatement':
        walkBody(node.body);
        expectEnd('endfilter');
        break;
    }
  };
  try {
    walkBody(body);
    return k === tags.length ? out : null;
  } catch (e) {
    if (e instanceof Mismatch) return null;
    throw e;
  }
}
