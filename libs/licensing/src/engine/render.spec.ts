import { loadValidLicence } from './__fixtures__/helpers';
import { variablesHash } from './canonical';
import { ClauseOverrideError, TemplateRenderError } from './errors';
import { exampleValues } from './examples';
import { parseTemplate } from './loader';
import { renderTemplate } from './render';
import type { ClauseOverride, RenderedDocument, TemplateDefinition, VariableValues } from './types';
import { validateVariables, withDefaults } from './variables';

const def = loadValidLicence();

const producer = { name: 'CHU de Rouen', country: 'FR', siret: '26760017900010' };
const buyer = { name: 'Épidémio Conseil SARL', country: 'FR' };
const values: VariableValues = {
  producer,
  buyer,
  dataset: { id: 'eds-rouen', title: 'EDS du CHU de Rouen', version: 4 },
  purposeCategory: 'SCIENTIFIC_RESEARCH',
  projectTitle: 'Parcours de soins du diabète de type 2',
  cnilFormality: 'MR004',
  startDate: '2027-03-01',
  tariff: {
    lines: [
      { label: 'Préparation', quantity: '1', unit: 'forfait', unitPriceCents: 1234567, amountCents: 1234567, rule: 'FLAT' },
      { label: 'Calcul', quantity: '10', unit: 'h', unitPriceCents: 1500, amountCents: 15000, rule: 'PER_UNIT' },
    ],
    subtotalCents: 1249567,
    vatCents: 249913,
    totalCents: 1499480,
    currency: 'EUR',
    vatMention: null,
  },
};

const clause = (doc: RenderedDocument, id: string) => {
  const c = doc.clauses.find((x) => x.id === id);
  if (!c) throw new Error(`clause ${id} not rendered`);
  return c;
};

function refusal(fn: () => unknown): ClauseOverrideError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ClauseOverrideError) return e;
    throw e;
  }
  throw new Error('expected a ClauseOverrideError');
}

describe('renderTemplate', () => {
  it('renders the fixture in French: conditionals resolved, clauses numbered, values formatted', () => {
    const doc = renderTemplate(def, values, 'fr');
    expect(doc).toMatchObject({ templateKey: 'test-research-licence', templateVersion: '1.2.0', locale: 'fr', title: def.title.fr });
    // ai-models (aiTraining defaults to false) and commercial-use (not commercial) are left out
    expect(doc.clauses.map((c) => c.id)).not.toContain('ai-models');
    expect(doc.clauses.map((c) => c.id)).not.toContain('commercial-use');
    expect(doc.clauses.map((c) => c.number)).toEqual(Array.from({ length: 18 }, (_, i) => String(i + 1)));
    expect(clause(doc, 'object').body).toBe(
      'La présente licence fixe les conditions dans lesquelles CHU de Rouen (le « Producteur ») met à la disposition de Épidémio Conseil SARL (le « Bénéficiaire ») le jeu de données EDS du CHU de Rouen, version 4.',
    );
    expect(clause(doc, 'purpose-limitation').body).toContain('dont la finalité est : Recherche scientifique.');
    expect(clause(doc, 'legal-basis').body).toBe('Le traitement repose sur une déclaration de conformité à la méthodologie de référence MR-004.');
    expect(clause(doc, 'duration').body).toBe('La licence prend effet le 1 mars 2027 pour une durée de 24 mois.');
    expect(clause(doc, 'fees').body).toBe(
      [
        'Les redevances couvrent la mise à disposition des Données et non les Données elles-mêmes :',
        '',
        '- Préparation : 1 forfait × 12\u202f345,67\u00a0€ = 12\u202f345,67\u00a0€',
        '- Calcul : 10 h × 15,00\u00a0€ = 150,00\u00a0€',
        '',
        'Total hors taxes : 12\u202f495,67\u00a0€ ; TVA : 2\u202f499,13\u00a0€ ; total : 14\u202f994,80\u00a0€.',
      ].join('\n'),
    );
    expect(clause(doc, 'liability').body).toBe('La responsabilité de chaque partie est limitée à 50\u202f000,00\u00a0€, sauf faute lourde ou intentionnelle.');
    expect(clause(doc, 'termination').body).toBe(
      'Le Producteur peut résilier la licence en cas de manquement grave non corrigé dans un délai de 30 jours.',
    );
    expect(doc.clauses.every((c) => !c.deviates)).toBe(true);
    expect(doc.variablesHash).toBe(variablesHash(withDefaults(def, values)));
    expect(doc.templateHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders the same template in English', () => {
    const doc = renderTemplate(def, values, 'en');
    expect(doc.title).toBe('Health-data access licence for research (fixture)');
    expect(clause(doc, 'duration')).toMatchObject({ number: '8', title: 'Term', body: 'The licence takes effect on 1 March 2027 for a term of 24 months.' });
    expect(clause(doc, 'purpose-limitation').body).toContain('whose purpose is: Scientific research.');
    expect(clause(doc, 'fees').body).toContain('- Préparation: 1 forfait × €12,345.67 = €12,345.67');
    expect(clause(doc, 'fees').body).toContain('Total excluding VAT: €12,495.67; VAT: €2,499.13; total: €14,994.80.');
    expect(clause(doc, 'liability').body).toBe("Each party's liability is capped at €50,000.00, except for gross negligence or wilful misconduct.");
  });

  it('includes conditional clauses when their condition holds, and renumbers', () => {
    const doc = renderTemplate(
      def,
      {
        ...values,
        aiTraining: true,
        purposeCategory: 'COMMERCIAL_RESEARCH',
        cnilFormality: 'AUTHORISATION',
        authorisationNumber: 'DR-2027-042',
        tariff: { ...(values.tariff as object), vatMention: 'Autoliquidation (art. 283-2 CGI)' },
        liabilityCap: { amountCents: 99, currency: 'EUR' },
        durationMonths: 36,
      },
      'fr',
    );
    expect(doc.clauses).toHaveLength(20);
    expect(clause(doc, 'ai-models').number).toBe('12');
    expect(clause(doc, 'commercial-use').number).toBe('13');
    expect(clause(doc, 'language').number).toBe('20');
    expect(clause(doc, 'legal-basis').body).toBe(
      "Le traitement repose sur une autorisation de la CNIL.\nNuméro d'autorisation : DR-2027-042.",
    );
    expect(clause(doc, 'termination').body).toContain('les modèles déjà entraînés sont alors détruits');
    expect(clause(doc, 'fees').body.endsWith('total : 14\u202f994,80\u00a0€.\nAutoliquidation (art. 283-2 CGI)')).toBe(true);
    expect(clause(doc, 'liability').body).toContain('limitée à 0,99\u00a0€');
    expect(clause(doc, 'duration').body).toContain('durée de 36 mois');
  });

  it('lists every variable problem at once', () => {
    const bad: VariableValues = {
      producer: { name: '', siret: '123' },
      buyer: 'ACME',
      dataset: { id: 'x', title: 'X', version: 1, owner: 'me' },
      purposeCategory: 'LEISURE',
      projectTitle: 'x'.repeat(201),
      cnilFormality: 'MR004',
      durationMonths: 75,
      startDate: '2027-02-30',
      tariff: { ...(values.tariff as object), subtotalCents: 10.5 },
      liabilityCap: { amountCents: 100.5, currency: 'euro' },
      aiTraining: 'yes',
      colour: 'blue',
    };
    const problems = validateVariables(def, bad);
    expect(problems.map((p) => [p.path, p.code, p.problem])).toEqual([
      ['producer.name', 'REQUIRED', 'name is required'],
      ['producer.country', 'REQUIRED', 'country is required'],
      ['producer.siret', 'INVALID_FORMAT', "siret must be 14 digits (got '123')"],
      ['buyer', 'WRONG_TYPE', "must be a party { name, country, siret?, siren?, vatNumber?, address?, representative?, kind? } (got 'ACME')"],
      ['dataset.owner', 'UNKNOWN_FIELD', "unknown field 'owner' (allowed: id, title, version, producer)"],
      ['purposeCategory', 'NOT_ALLOWED', "must be one of SCIENTIFIC_RESEARCH, COMMERCIAL_RESEARCH, PUBLIC_HEALTH (got 'LEISURE')"],
      ['projectTitle', 'TOO_LONG', 'must be at most 200 characters (got 201)'],
      ['durationMonths', 'OUT_OF_RANGE', 'must be between 1 and 60 (got 75)'],
      ['startDate', 'INVALID_DATE', "must be a valid date YYYY-MM-DD (got '2027-02-30')"],
      ['tariff.subtotalCents', 'NOT_AN_INTEGER', 'subtotalCents must be an integer number of cents, not 10.5'],
      ['liabilityCap.amountCents', 'NOT_AN_INTEGER', 'amountCents must be an integer number of cents, not 100.5'],
      ['liabilityCap.currency', 'INVALID_FORMAT', "currency must be an ISO 4217 code such as EUR (got 'euro')"],
      ['aiTraining', 'WRONG_TYPE', "must be true or false (got 'yes')"],
      ['colour', 'UNKNOWN_VARIABLE', expect.stringContaining('is not a variable of test-research-licence@1.2.0')],
    ]);
    expect(problems.every((p) => p.variable === p.path!.split('.')[0])).toBe(true);

    let error: unknown;
    try {
      renderTemplate(def, bad, 'fr');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).problems).toEqual(problems);
    expect((error as TemplateRenderError).code).toBe('TEMPLATE_VARIABLES_INVALID');
  });

  it('reports missing required variables and applies defaults to optional ones', () => {
    expect(validateVariables(def, {}).filter((p) => p.code === 'REQUIRED').map((p) => p.variable)).toEqual([
      'producer',
      'buyer',
      'dataset',
      'purposeCategory',
      'projectTitle',
      'cnilFormality',
      'startDate',
      'tariff',
    ]);
    const filled = withDefaults(def, { ...values, liabilityCap: null });
    expect(filled).toMatchObject({ durationMonths: 24, aiTraining: false, liabilityCap: { amountCents: 5000000, currency: 'EUR' } });
    expect(filled.authorisationNumber).toBeUndefined();
    expect(validateVariables(def, { ...values, durationMonths: 2.5 })).toEqual([
      { variable: 'durationMonths', path: 'durationMonths', code: 'NOT_AN_INTEGER', problem: 'must be an integer (got 2.5)' },
    ]);
    // a breakdown straight from the pricing engine may carry more fields than are printed
    const tariff = values.tariff as { lines: object[] };
    const fromPricing = { ...tariff, tariffKey: 'eds-standard', lines: tariff.lines.map((l) => ({ ...l, code: 'PREP', vatRateBp: 2000 })) };
    expect(validateVariables(def, { ...values, tariff: fromPricing })).toEqual([]);
    const inconsistent = { ...values, tariff: { ...(values.tariff as object), totalCents: 1 } };
    expect(validateVariables(def, inconsistent)).toEqual([
      expect.objectContaining({ path: 'tariff.totalCents', code: 'INCONSISTENT', problem: 'totalCents (1) must equal subtotalCents + vatCents (1499480)' }),
    ]);
  });

  it('refuses a locale the template does not declare', () => {
    const frOnly = parseTemplate(
      `key: fr-only
version: 1.0.0
family: PUBLIC_HEALTH
locales: [fr]
title: { fr: Licence }
description: { fr: Licence en français seulement. }
variables: []
clauses:
  - id: objet
    mode: locked
    title: { fr: Objet }
    text: { fr: Texte. }
`,
      'fr-only.yaml',
    );
    expect(renderTemplate(frOnly, {}, 'fr').clauses[0]).toMatchObject({ number: '1', title: 'Objet', body: 'Texte.' });
    expect(() => renderTemplate(frOnly, {}, 'en')).toThrow(expect.objectContaining({ code: 'TEMPLATE_LOCALE_MISSING' }));
  });
});

describe('clause overrides', () => {
  it('applies an alternative to a negotiable clause and marks the deviation', () => {
    const doc = renderTemplate(def, values, 'fr', [{ clauseId: 'publication', alternativeId: 'embargo-24-months' }]);
    expect(clause(doc, 'publication')).toMatchObject({
      deviates: true,
      alternativeId: 'embargo-24-months',
      body: 'Le Bénéficiaire publie les résultats dans un délai de 24 mois suivant la fin du projet.',
    });
    expect(doc.clauses.filter((c) => c.deviates).map((c) => c.id)).toEqual(['publication']);
  });

  it('applies a free-text edit to an editable clause, per locale', () => {
    const overrides: ClauseOverride[] = [{ clauseId: 'audit', text: { fr: "{{buyer.name}} accepte un audit tous les deux ans." } }];
    const fr = renderTemplate(def, values, 'fr', overrides);
    expect(clause(fr, 'audit')).toMatchObject({ deviates: true, edited: true, body: 'Épidémio Conseil SARL accepte un audit tous les deux ans.' });
    const en = renderTemplate(def, values, 'en', overrides);
    expect(clause(en, 'audit')).toMatchObject({ deviates: false });
    expect(clause(en, 'audit').edited).toBeUndefined();
  });

  it('refuses an override of a locked clause, naming the clause and the reason', () => {
    const error = refusal(() => renderTemplate(def, values, 'fr', [{ clauseId: 'ban-reidentification', text: { fr: 'Réidentification permise.' } }]));
    expect(error.code).toBe('CLAUSE_OVERRIDE_REFUSED');
    expect(error.clauseId).toBe('ban-reidentification');
    expect(error.message).toBe("clause 'ban-reidentification': is locked: its text cannot be changed");
  });

  it('refuses every invalid override at once', () => {
    const error = refusal(() =>
      renderTemplate(def, values, 'fr', [
        { clauseId: 'ai-models', text: { fr: 'Rien.' } },
        { clauseId: 'no-such-clause', alternativeId: 'x' },
        { clauseId: 'publication', alternativeId: 'embargo-99-months' },
        { clauseId: 'output-checking', text: { fr: 'Aucun contrôle.' } },
        { clauseId: 'audit', text: { fr: 'Audit par {{auditor}}.', de: 'Prüfung.' } as never },
        { clauseId: 'liability' },
      ]),
    );
    expect(error.problems).toEqual([
      { clauseId: 'ai-models', reason: 'is conditional (when: aiTraining): it is included or left out by its condition and its text cannot be changed' },
      { clauseId: 'no-such-clause', reason: 'no such clause in test-research-licence@1.2.0' },
      { clauseId: 'publication', reason: "has no alternative 'embargo-99-months' (available: embargo-24-months)" },
      { clauseId: 'output-checking', reason: 'can only be changed by choosing one of its alternatives: free text edits are not allowed' },
      { clauseId: 'audit', reason: "edited text (fr): unknown variable 'auditor'" },
      { clauseId: 'audit', reason: "edited text in locale 'de', which test-research-licence@1.2.0 does not declare" },
      { clauseId: 'liability', reason: 'an override needs an alternativeId or a text' },
    ]);
  });

  it('does not count an alternative identical to the standard text as a deviation', () => {
    const same: TemplateDefinition = structuredClone(def);
    const liability = same.clauses.find((c) => c.id === 'liability')!;
    liability.alternatives!.push({ id: 'same', label: { fr: 'Identique', en: 'Same' }, text: { ...liability.text } });
    const doc = renderTemplate(same, values, 'fr', [{ clauseId: 'liability', alternativeId: 'same' }]);
    expect(clause(doc, 'liability')).toMatchObject({ deviates: false, alternativeId: 'same' });
  });
});

describe('exampleValues', () => {
  it('builds valid values for the fixture, with realistic parties', () => {
    const example = exampleValues(def);
    expect(validateVariables(def, example)).toEqual([]);
    expect((example.producer as { name: string }).name).not.toBe((example.buyer as { name: string }).name);
    expect(exampleValues(def, { booleans: true }).aiTraining).toBe(true);
    expect(renderTemplate(def, example, 'en').clauses.length).toBeGreaterThan(10);
  });
});
