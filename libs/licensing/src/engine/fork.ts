// The fork policy: what an organisation's version of a standard template may change.
// Allowed: negotiable clauses' text, title and alternatives (a negotiable clause may also be
// locked by the fork), new clauses anywhere, new variables, variables' labels and defaults,
// narrower integer bounds, fewer enum values, a shorter maxLength.
// Enum value labels are kept because they are printed inside clause texts.
// Not allowed: anything about a locked clause (presence, mode, title, text), a conditional
// clause's presence, mode, condition or text, removing a negotiable clause, removing a
// locale, removing a variable or changing its type, widening its bounds or values.
import { normalizeText, templateHash } from './canonical';
import type { ClauseDefinition, ForkViolation, LocalizedText, TemplateDefinition } from './types';

function changedLocales(base: LocalizedText, fork: LocalizedText, locales: readonly string[]): string[] {
  return locales.filter((l) => normalizeText(base[l as keyof LocalizedText] ?? '') !== normalizeText(fork[l as keyof LocalizedText] ?? ''));
}

function clauseViolations(b: ClauseDefinition, f: ClauseDefinition | undefined, locales: readonly string[]): ForkViolation[] {
  const out: ForkViolation[] = [];
  const v = (code: ForkViolation['code'], message: string) => out.push({ code, clauseId: b.id, message });
  if (b.mode === 'negotiable') {
    if (!f) v('CLAUSE_REMOVED', `clause '${b.id}' is negotiable: it may be changed but not removed`);
    else if (f.mode === 'conditional') v('MODE_CHANGED', `clause '${b.id}' is negotiable: it cannot become conditional`);
    return out;
  }
  if (!f) {
    v('CLAUSE_REMOVED', `clause '${b.id}' is ${b.mode}: it cannot be removed`);
    return out;
  }
  if (f.mode !== b.mode) v('MODE_CHANGED', `clause '${b.id}' is ${b.mode}: its mode cannot be changed to ${f.mode}`);
  if (b.mode === 'locked') {
    const title = changedLocales(b.title, f.title, locales);
    if (title.length) v('TITLE_CHANGED', `clause '${b.id}' is locked: its title cannot be changed (${title.join(', ')})`);
  }
  if (b.mode === 'conditional' && (f.when ?? '').replace(/\s+/g, '') !== (b.when ?? '').replace(/\s+/g, '')) {
    v('CONDITION_CHANGED', `clause '${b.id}' is conditional: its condition cannot be changed (was '${b.when}', now '${f.when ?? ''}')`);
  }
  const text = changedLocales(b.text, f.text, locales);
  if (text.length) v('TEXT_CHANGED', `clause '${b.id}' is ${b.mode}: its text cannot be changed (${text.join(', ')})`);
  return out;
}

/** Every rule of the fork policy that `fork` breaks with respect to `base`; empty when it complies. */
export function checkFork(base: TemplateDefinition, fork: TemplateDefinition): ForkViolation[] {
  const out: ForkViolation[] = [];
  if (fork.basedOn) {
    const hash = templateHash(base);
    if (fork.basedOn.key !== base.key || fork.basedOn.version !== base.version || fork.basedOn.hash !== hash) {
      out.push({
        code: 'BASED_ON_MISMATCH',
        message: `the fork is based on ${fork.basedOn.key}@${fork.basedOn.version} (sha256:${fork.basedOn.hash.slice(0, 16)}), not on ${base.key}@${base.version} (sha256:${hash.slice(0, 16)})`,
      });
    }
  }
  for (const locale of base.locales) {
    if (!fork.locales.includes(locale)) out.push({ code: 'LOCALE_REMOVED', message: `the fork must keep the '${locale}' locale of ${base.key}` });
  }
  const forkClauses = new Map(fork.clauses.map((c) => [c.id, c]));
  for (const b of base.clauses) out.push(...clauseViolations(b, forkClauses.get(b.id), base.locales));

  const forkVariables = new Map(fork.variables.map((v) => [v.name, v]));
  for (const b of base.variables) {
    const f = forkVariables.get(b.name);
    const v = (code: ForkViolation['code'], message: string) => out.push({ code, variable: b.name, message: `variable '${b.name}' ${message}` });
    if (!f) {
      v('VARIABLE_REMOVED', 'cannot be removed');
      continue;
    }
    if (f.type !== b.type) {
      v('VARIABLE_CHANGED', `must keep its type ${b.type} (now ${f.type})`);
      continue;
    }
    if (b.required && !f.required) v('VARIABLE_CHANGED', 'is required: it cannot become optional');
    if (b.min !== undefined && (f.min === undefined || f.min < b.min)) v('VARIABLE_CHANGED', `cannot have a lower minimum than ${b.min} (now ${f.min ?? 'none'})`);
    if (b.max !== undefined && (f.max === undefined || f.max > b.max)) v('VARIABLE_CHANGED', `cannot have a higher maximum than ${b.max} (now ${f.max ?? 'none'})`);
    if (b.maxLength !== undefined && (f.maxLength ?? Infinity) > b.maxLength) {
      v('VARIABLE_CHANGED', `cannot allow longer text than ${b.maxLength} characters (now ${f.maxLength ?? 'the default'})`);
    }
    if (b.values) {
      const allowed = new Set(b.values.map((x) => x.value));
      const added = (f.values ?? []).filter((x) => !allowed.has(x.value)).map((x) => x.value);
      if (added.length) v('VARIABLE_CHANGED', `cannot gain enum values (${added.join(', ')})`);
      // Value labels are printed in clause texts, locked ones included.
      for (const fv of f.values ?? []) {
        const bv = b.values.find((x) => x.value === fv.value);
        const relabelled = bv ? changedLocales(bv.label, fv.label, base.locales) : [];
        if (relabelled.length) v('VARIABLE_CHANGED', `cannot change the printed label of value ${fv.value} (${relabelled.join(', ')})`);
      }
    }
  }
  return out;
}
