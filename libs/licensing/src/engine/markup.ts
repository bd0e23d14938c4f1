// The markup of clause texts: a Mustache-like subset with nothing executable.
//   {{name}} {{name.field}} {{#if name}} {{#if name == VALUE}} {{else}} {{/if}}
//   {{#unless name}} {{/unless}} {{#each name.list}} {{this.field}} {{/each}}
// A block tag alone on its line takes the whole line with it, so conditionals and lists
// written one tag per line leave no blank lines behind.
import type { VariableDefinition, VariableType } from './types';

export type MarkupNode =
  | { type: 'text'; text: string }
  | { type: 'value'; path: string[]; tag: string; offset: number }
  | {
      type: 'if';
      negate: boolean;
      path: string[];
      equals?: string;
      tag: string;
      offset: number;
      then: MarkupNode[];
      otherwise: MarkupNode[];
    }
  | { type: 'each'; path: string[]; tag: string; offset: number; body: MarkupNode[] };

/** A problem in markup; `tag` is the offending source text and `offset` its position. */
export interface MarkupProblem {
  message: string;
  tag: string;
  offset: number;
}

export interface ParsedMarkup {
  nodes: MarkupNode[];
  problems: MarkupProblem[];
}

/** Fields printable with `{{name.field}}`, by variable type. */
export const VARIABLE_FIELDS: Partial<Record<VariableType, readonly string[]>> = {
  party: ['name', 'kind', 'siret', 'siren', 'vatNumber', 'address', 'country', 'representative'],
  dataset: ['id', 'title', 'version', 'producer'],
  money: ['amountCents', 'currency'],
  enum: ['value', 'label'],
  tariff: ['subtotalCents', 'vatCents', 'totalCents', 'currency', 'vatMention', 'lines'],
};

/** Fields of one tariff line, printable with `{{this.field}}` inside `{{#each tariff.lines}}`. */
export const TARIFF_LINE_FIELDS: readonly string[] = ['label', 'quantity', 'unit', 'unitPriceCents', 'amountCents', 'rule'];

/** Fields that hold a list (usable only with #each / #if). */
const LIST_FIELDS: Partial<Record<VariableType, readonly string[]>> = { tariff: ['lines'] };

const PATH = '[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*';
const VALUE_RE = new RegExp(`^(${PATH})$`);
const IF_RE = new RegExp(`^#if\\s+(${PATH})(?:\\s*==\\s*([A-Za-z0-9_][A-Za-z0-9_.-]*))?$`);
const UNLESS_RE = new RegExp(`^#unless\\s+(${PATH})$`);
const EACH_RE = new RegExp(`^#each\\s+(${PATH})$`);
const CLOSE_RE = /^\/(if|unless|each)$/;

const ALLOWED = 'allowed: {{name}}, {{name.field}}, {{#if name}}, {{#if name == VALUE}}, {{else}}, {{/if}}, {{#unless name}}, {{/unless}}, {{#each name.list}}, {{this.field}}, {{/each}}';

type Tag =
  | { kind: 'value'; path: string[] }
  | { kind: 'open'; block: 'if' | 'unless' | 'each'; path: string[]; equals?: string }
  | { kind: 'else' }
  | { kind: 'close'; block: 'if' | 'unless' | 'each' }
  | { kind: 'invalid'; message: string };

function classify(content: string): Tag {
  const c = content.trim();
  let m: RegExpExecArray | null;
  if ((m = IF_RE.exec(c))) return { kind: 'open', block: 'if', path: m[1].split('.'), equals: m[2] };
  if ((m = UNLESS_RE.exec(c))) return { kind: 'open', block: 'unless', path: m[1].split('.') };
  if ((m = EACH_RE.exec(c))) return { kind: 'open', block: 'each', path: m[1].split('.') };
  if (c === 'else') return { kind: 'else' };
  if ((m = CLOSE_RE.exec(c))) return { kind: 'close', block: m[1] as 'if' | 'unless' | 'each' };
  if ((m = VALUE_RE.exec(c))) return { kind: 'value', path: m[1].split('.') };
  if (c === '') return { kind: 'invalid', message: 'empty tag {{}}' };
  return { kind: 'invalid', message: `unsupported markup {{${c}}} (${ALLOWED})` };
}

interface RawTag {
  start: number;
  end: number;
  raw: string;
  tag: Tag;
}

function isBlank(s: string): boolean {
  return /^[ \t]*$/.test(s);
}

function strayClosers(text: string, base: number, problems: MarkupProblem[]): void {
  let i = text.indexOf('}}');
  while (i >= 0) {
    problems.push({ message: "'}}' without an opening '{{'", tag: '}}', offset: base + i });
    i = text.indexOf('}}', i + 2);
  }
}

function tokenize(src: string, problems: MarkupProblem[]): RawTag[] {
  const tags: RawTag[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      strayClosers(src.slice(i), i, problems);
      break;
    }
    strayClosers(src.slice(i, open), i, problems);
    if (src[open + 2] === '{') {
      const close3 = src.indexOf('}}}', open);
      const end = close3 < 0 ? src.length : close3 + 3;
      problems.push({ message: `triple braces are not allowed (${ALLOWED})`, tag: src.slice(open, Math.min(end, open + 40)), offset: open });
      tags.push({ start: open, end, raw: src.slice(open, end), tag: { kind: 'invalid', message: '' } });
      i = end;
      continue;
    }
    const close = src.indexOf('}}', open + 2);
    const reopen = src.indexOf('{{', open + 2);
    if (close < 0 || (reopen >= 0 && reopen < close)) {
      const lineEnd = src.indexOf('\n', open);
      const snippet = src.slice(open, lineEnd < 0 ? src.length : lineEnd).slice(0, 40);
      problems.push({ message: `'{{' is never closed with '}}'`, tag: snippet, offset: open });
      i = open + 2;
      continue;
    }
    const raw = src.slice(open, close + 2);
    const tag = classify(src.slice(open + 2, close));
    if (tag.kind === 'invalid') problems.push({ message: tag.message, tag: raw, offset: open });
    tags.push({ start: open, end: close + 2, raw, tag });
    i = close + 2;
  }
  return tags;
}

interface Frame {
  node: Extract<MarkupNode, { type: 'if' } | { type: 'each' }>;
  block: 'if' | 'unless' | 'each';
  inElse: boolean;
  sawElse: boolean;
}

export function parseMarkup(src: string): ParsedMarkup {
  const problems: MarkupProblem[] = [];
  const tags = tokenize(src, problems);

  // Standalone block tags consume their whole line.
  const ranges = tags.map((t) => {
    let start = t.start;
    let end = t.end;
    if (t.tag.kind === 'open' || t.tag.kind === 'else' || t.tag.kind === 'close') {
      const lineStart = src.lastIndexOf('\n', t.start - 1) + 1;
      const nl = src.indexOf('\n', t.end);
      const lineEnd = nl < 0 ? src.length : nl;
      if (isBlank(src.slice(lineStart, t.start)) && isBlank(src.slice(t.end, lineEnd))) {
        start = lineStart;
        end = nl < 0 ? src.length : nl + 1;
      }
    }
    return { start, end };
  });

  const root: MarkupNode[] = [];
  const stack: Frame[] = [];
  const current = (): MarkupNode[] => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    if (top.node.type === 'each') return top.node.body;
    return top.inElse ? top.node.otherwise : top.node.then;
  };
  const pushText = (text: string) => {
    if (text) current().push({ type: 'text', text });
  };

  let pos = 0;
  tags.forEach((t, idx) => {
    pushText(src.slice(pos, Math.max(pos, ranges[idx].start)));
    pos = Math.max(pos, ranges[idx].end);
    const tag = t.tag;
    switch (tag.kind) {
      case 'invalid':
        return;
      case 'value':
        current().push({ type: 'value', path: tag.path, tag: t.raw, offset: t.start });
        return;
      case 'open': {
        const node: Frame['node'] =
          tag.block === 'each'
            ? { type: 'each', path: tag.path, tag: t.raw, offset: t.start, body: [] }
            : {
                type: 'if',
                negate: tag.block === 'unless',
                path: tag.path,
                equals: tag.equals,
                tag: t.raw,
                offset: t.start,
                then: [],
                otherwise: [],
              };
        current().push(node);
        stack.push({ node, block: tag.block, inElse: false, sawElse: false });
        return;
      }
      case 'else': {
        const top = stack[stack.length - 1];
        if (!top || top.block === 'each') {
          problems.push({ message: '{{else}} is only allowed inside {{#if}} or {{#unless}}', tag: t.raw, offset: t.start });
        } else if (top.sawElse) {
          problems.push({ message: `second {{else}} in ${top.node.tag}`, tag: t.raw, offset: t.start });
        } else {
          top.inElse = true;
          top.sawElse = true;
        }
        return;
      }
      case 'close': {
        const depth = [...stack].reverse().findIndex((f) => f.block === tag.block);
        if (depth < 0) {
          problems.push({ message: `${t.raw} has no matching {{#${tag.block} ...}}`, tag: t.raw, offset: t.start });
          return;
        }
        for (let k = 0; k < depth; k++) {
          const f = stack.pop()!;
          problems.push({ message: `${f.node.tag} is not closed (expected {{/${f.block}}} before ${t.raw})`, tag: f.node.tag, offset: f.node.offset });
        }
        stack.pop();
        return;
      }
    }
  });
  pushText(src.slice(pos));
  for (const f of stack.reverse()) {
    problems.push({ message: `${f.node.tag} is never closed with {{/${f.block}}}`, tag: f.node.tag, offset: f.node.offset });
  }
  return { nodes: root, problems };
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, ParsedMarkup>();

/** parseMarkup with a bounded cache: templates are rendered many times. */
export function parseMarkupCached(src: string): ParsedMarkup {
  let parsed = cache.get(src);
  if (!parsed) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    parsed = parseMarkup(src);
    cache.set(src, parsed);
  }
  return parsed;
}

type Resolved =
  | { ok: true; kind: 'scalar'; variable?: VariableDefinition }
  | { ok: true; kind: 'list' }
  | { ok: false; message: string };

function resolvePath(path: string[], variables: ReadonlyMap<string, VariableDefinition>, inEach: boolean): Resolved {
  const shown = path.join('.');
  if (path[0] === 'this') {
    if (!inEach) return { ok: false, message: `'${shown}' is only allowed inside {{#each}}` };
    if (path.length !== 2) return { ok: false, message: `'${shown}' must name one field of the list item (${TARIFF_LINE_FIELDS.join(', ')})` };
    if (!TARIFF_LINE_FIELDS.includes(path[1])) {
      return { ok: false, message: `unknown field '${path[1]}' of a tariff line (allowed: ${TARIFF_LINE_FIELDS.join(', ')})` };
    }
    return { ok: true, kind: 'scalar' };
  }
  const variable = variables.get(path[0]);
  if (!variable) return { ok: false, message: `unknown variable '${path[0]}'` };
  if (path.length === 1) return { ok: true, kind: 'scalar', variable };
  const fields = VARIABLE_FIELDS[variable.type] ?? [];
  if (path.length > 2 || !fields.includes(path[1])) {
    return {
      ok: false,
      message: fields.length
        ? `'${shown}': a ${variable.type} variable has the fields ${fields.join(', ')}`
        : `'${shown}': a ${variable.type} variable has no fields`,
    };
  }
  if (LIST_FIELDS[variable.type]?.includes(path[1])) return { ok: true, kind: 'list' };
  return { ok: true, kind: 'scalar', variable };
}

/** Checks that every tag refers to a declared variable and a field its type has. */
export function checkMarkupReferences(nodes: MarkupNode[], variables: ReadonlyMap<string, VariableDefinition>): MarkupProblem[] {
  const problems: MarkupProblem[] = [];
  const walk = (list: MarkupNode[], inEach: boolean) => {
    for (const node of list) {
      if (node.type === 'text') continue;
      const r = resolvePath(node.path, variables, inEach);
      if (!r.ok) {
        problems.push({ message: r.message, tag: node.tag, offset: node.offset });
      } else if (node.type === 'value' && r.kind === 'list') {
        problems.push({ message: `'${node.path.join('.')}' is a list: iterate over it with {{#each ${node.path.join('.')}}}`, tag: node.tag, offset: node.offset });
      } else if (node.type === 'each' && r.kind !== 'list') {
        problems.push({ message: `{{#each}} needs a list ('${node.path.join('.')}' is not one; e.g. tariff.lines)`, tag: node.tag, offset: node.offset });
      } else if (node.type === 'if' && node.equals !== undefined) {
        const v = r.kind === 'scalar' ? r.variable : undefined;
        if (!v || v.type !== 'enum' || node.path.length !== 1) {
          problems.push({ message: `'==' compares an enum variable with one of its values; '${node.path.join('.')}' is not an enum variable`, tag: node.tag, offset: node.offset });
        } else if (!(v.values ?? []).some((x) => x.value === node.equals)) {
          problems.push({
            message: `'${node.equals}' is not a value of enum '${v.name}' (allowed: ${(v.values ?? []).map((x) => x.value).join(', ')})`,
            tag: node.tag,
            offset: node.offset,
          });
        }
      }
      if (node.type === 'if') {
        walk(node.then, inEach);
        walk(node.otherwise, inEach);
      } else if (node.type === 'each') {
        if (inEach) problems.push({ message: 'nested {{#each}} is not supported', tag: node.tag, offset: node.offset });
        walk(node.body, true);
      }
    }
  };
  walk(nodes, false);
  return problems;
}

/** How the renderer reads values; `item` is the current list item inside {{#each}}. */
export interface MarkupScope {
  print(path: string[], item: unknown): string;
  truthy(path: string[], item: unknown): boolean;
  equals(path: string[], value: string): boolean;
  list(path: string[]): unknown[];
}

export function renderMarkup(nodes: MarkupNode[], scope: MarkupScope, item?: unknown): string {
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out += node.text;
        break;
      case 'value':
        out += scope.print(node.path, item);
        break;
      case 'if': {
        const holds = node.equals !== undefined ? scope.equals(node.path, node.equals) : scope.truthy(node.path, item);
        out += renderMarkup(holds !== node.negate ? node.then : node.otherwise, scope, item);
        break;
      }
      case 'each':
        for (const entry of scope.list(node.path)) out += renderMarkup(node.body, scope, entry);
        break;
    }
  }
  return out;
}

/** A conditional clause's `when`: a boolean variable, or `enumVar == VALUE`. */
export interface WhenCondition {
  variable: string;
  equals?: string;
}

export function parseWhen(when: string): WhenCondition | null {
  const m = /^\s*([a-z][A-Za-z0-9]*)\s*(?:==\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*)?$/.exec(when);
  return m ? { variable: m[1], equals: m[2] } : null;
}
