// Valid example values for any template, built from its variable definitions: used by
// previews, the demo seed and tests. Deterministic (no clock, no randomness).
import type {
  DatasetValue,
  MoneyValue,
  PartyValue,
  TariffBreakdownValue,
  TemplateDefinition,
  VariableDefinition,
  VariableValues,
} from './types';
import { DEFAULT_TEXT_MAX_LENGTH } from './variables';

/** Example legal identities (fictitious), given to party variables in declaration order. */
export const EXAMPLE_PARTIES: readonly PartyValue[] = [
  {
    name: 'Centre Hospitalier Universitaire de Valmont',
    kind: 'HOSPITAL',
    siret: '26750045200011',
    siren: '267500452',
    vatNumber: 'FR35267500452',
    address: '12 avenue des Tilleuls, 69003 Lyon',
    country: 'FR',
    representative: 'Dr Hélène Marchand, directrice générale',
  },
  {
    name: 'Biostatistique Clément & Associés SAS',
    kind: 'STARTUP',
    siret: '91234567800019',
    siren: '912345678',
    vatNumber: 'FR40912345678',
    address: '8 rue de l’Économie, 75011 Paris',
    country: 'FR',
    representative: 'Mme Zoé Lefèvre, présidente',
  },
  {
    name: 'Plateforme Santé Données Ouvertes',
    kind: 'PLATFORM',
    siret: '84512345600027',
    siren: '845123456',
    vatNumber: 'FR58845123456',
    address: '3 quai François-Mauriac, 75013 Paris',
    country: 'FR',
    representative: 'M. Étienne Roussel, directeur juridique',
  },
  {
    name: 'Universität Heidelberg',
    kind: 'ACADEMIC',
    siret: null,
    siren: null,
    vatNumber: 'DE144593936',
    address: 'Grabengasse 1, 69117 Heidelberg',
    country: 'DE',
    representative: 'Prof. Dr. Jonas Weber',
  },
];

export const EXAMPLE_DATASET: DatasetValue = {
  id: 'eds-valmont-diabete-2015-2024',
  title: 'Entrepôt de données de santé de Valmont – cohorte diabète 2015-2024',
  version: '3.1',
  producer: 'Centre Hospitalier Universitaire de Valmont',
};

export const EXAMPLE_TARIFF: TariffBreakdownValue = {
  lines: [
    { label: 'Préparation et extraction des données', quantity: '1', unit: 'forfait', unitPriceCents: 450000, amountCents: 450000, rule: 'FLAT' },
    { label: 'Heures de calcul en environnement sécurisé', quantity: '120', unit: 'heure', unitPriceCents: 1250, amountCents: 150000, rule: 'PER_UNIT' },
    { label: 'Hébergement HDS (stockage)', quantity: '12', unit: 'mois', unitPriceCents: 8000, amountCents: 96000, rule: 'PER_UNIT' },
  ],
  subtotalCents: 696000,
  vatCents: 139200,
  totalCents: 835200,
  currency: 'EUR',
  vatMention: null,
};

function exampleValue(v: VariableDefinition, partyIndex: number): unknown {
  if (v.default !== undefined && v.default !== null) return structuredClone(v.default);
  switch (v.type) {
    case 'party':
      return { ...EXAMPLE_PARTIES[partyIndex % EXAMPLE_PARTIES.length] };
    case 'dataset':
      return { ...EXAMPLE_DATASET };
    case 'enum':
      return v.values?.[0]?.value;
    case 'integer': {
      const min = v.min ?? (v.max !== undefined ? Math.min(1, v.max) : 1);
      const max = v.max ?? Math.max(min, 12);
      return Math.min(Math.max(12, min), max);
    }
    case 'money':
      return { amountCents: 1234567, currency: 'EUR' } satisfies MoneyValue;
    case 'date':
      return '2027-03-01';
    case 'text': {
      const text = `Exemple : ${v.label.fr}`;
      return [...text].slice(0, v.maxLength ?? DEFAULT_TEXT_MAX_LENGTH).join('');
    }
    case 'boolean':
      return false;
    case 'tariff':
      return structuredClone(EXAMPLE_TARIFF);
  }
}

export interface ExampleValuesOptions {
  /** set every boolean variable to this value, overriding declared defaults (e.g. true to include conditional clauses) */
  booleans?: boolean;
}

/**
 * Valid values for every variable of a template: the declared default when there is one,
 * else a realistic example (parties from EXAMPLE_PARTIES in declaration order, the first
 * enum value, a bounded integer, 12 345,67 €, 1 March 2027...). Optional variables are
 * filled too, so a preview shows every placeholder.
 */
export function exampleValues(def: TemplateDefinition, options: ExampleValuesOptions = {}): VariableValues {
  const values: VariableValues = {};
  let parties = 0;
  for (const v of def.variables) {
    let value = exampleValue(v, parties);
    if (v.type === 'party' && (v.default === undefined || v.default === null)) parties++;
    if (v.type === 'boolean' && options.booleans !== undefined) value = options.booleans;
    if (value !== undefined) values[v.name] = value;
  }
  return values;
}
