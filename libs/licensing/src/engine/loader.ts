// Loading template files: YAML -> validated TemplateDefinition, with every problem reported
// as `<file>:<line>: <problem>`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { checkDefinition, formatPath, markValidated, type DefinitionProblem } from './definition';
import { TemplateLoadError, type TemplateProblem } from './errors';
import type { TemplateDefinition } from './types';

interface SourceInfo {
  file: string;
  keyLine: number;
}

const sources = new WeakMap<TemplateDefinition, SourceInfo>();

/** The file (and line of `key`) a definition was loaded from, if it came from the loader. */
export function templateSource(def: TemplateDefinition): SourceInfo | undefined {
  return sources.get(def);
}

function lineOfProblem(doc: Document, source: string, lc: LineCounter, p: DefinitionProblem): number {
  const lineAt = (offset: number) => lc.linePos(offset).line;
  if (p.atKey && p.path.length > 0) {
    const parent = doc.getIn(p.path.slice(0, -1), true);
    if (isMap(parent)) {
      const last = p.path[p.path.length - 1];
      const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === last);
      const keyNode = pair?.key as YamlNode | undefined;
      if (keyNode?.range) return lineAt(keyNode.range[0]);
    }
  }
  // The nearest existing node on the path.
  for (let n = p.path.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(p.path.slice(0, n), true)) as YamlNode | null | undefined;
    if (!node || !node.range) continue;
    if (p.tag && n === p.path.length) {
      const slice = source.slice(node.range[0], node.range[1]);
      let at = -1;
      for (let k = 0; k <= p.tag.occurrence; k++) {
        at = slice.indexOf(p.tag.text, at + 1);
        if (at < 0) break;
      }
      if (at >= 0) return lineAt(node.range[0] + at);
    }
    return lineAt(node.range[0]);
  }
  return 1;
}

/** Parses and validates one template file's text. Throws TemplateLoadError listing every problem. */
export function parseTemplate(source: string, fileName: string): TemplateDefinition {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new TemplateLoadError(
      doc.errors.map((e) => ({
        file: fileName,
        line: e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line,
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const raw = doc.toJS({ maxAliasCount: 100 });
  const { definition, problems } = checkDefinition(raw);
  if (!definition) {
    const located: TemplateProblem[] = problems.map((p) => ({
      file: fileName,
      line: lineOfProblem(doc, source, lineCounter, p),
      message: p.message,
      path: p.path.length ? formatPath(p.path) : undefined,
    }));
    located.sort((a, b) => a.line - b.line);
    throw new TemplateLoadError(located);
  }
  markValidated(definition);
  const keyNode = isMap(doc.contents) ? (doc.contents.items.find((it) => isScalar(it.key) && it.key.value === 'key')?.key as YamlNode | undefined) : undefined;
  sources.set(definition, { file: fileName, keyLine: keyNode?.range ? lineCounter.linePos(keyNode.range[0]).line : 1 });
  return definition;
}

export function loadTemplateFile(path: string): TemplateDefinition {
  return parseTemplate(readFileSync(path, 'utf8'), path);
}

/**
 * Loads every `*.yaml` / `*.yml` file of a folder (sorted by name). Problems of all files
 * are collected into one TemplateLoadError; two files with the same key@version are refused.
 */
export function loadTemplatesDir(dir: string): TemplateDefinition[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  const problems: TemplateProblem[] = [];
  const templates: TemplateDefinition[] = [];
  const byId = new Map<string, string>();
  for (const name of files) {
    const path = join(dir, name);
    try {
      const def = loadTemplateFile(path);
      const id = `${def.key}@${def.version}`;
      const other = byId.get(id);
      if (other !== undefined) {
        problems.push({ file: path, line: sources.get(def)?.keyLine ?? 1, message: `duplicate template ${id} (also defined in ${other})` });
        continue;
      }
      byId.set(id, path);
      templates.push(def);
    } catch (e) {
      if (e instanceof TemplateLoadError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length) throw new TemplateLoadError(problems);
  return templates;
}
