// The words the layout itself prints (party identities, clause headings), in each language
// a document is issued in.
export type DocumentLocale = 'fr' | 'en';

const LABELS = {
  fr: {
    clause: 'Article',
    parties: 'Entre les parties',
    siret: 'SIRET',
    siren: 'SIREN',
    vatNumber: 'N° TVA',
    address: 'Adresse',
    country: 'Pays',
    representative: 'Représenté(e) par',
  },
  en: {
    clause: 'Clause',
    parties: 'Between the parties',
    siret: 'SIRET',
    siren: 'SIREN',
    vatNumber: 'VAT no.',
    address: 'Address',
    country: 'Country',
    representative: 'Represented by',
  },
} as const satisfies Record<DocumentLocale, Record<string, string>>;

export type DocumentLabel = keyof (typeof LABELS)['fr'];

/** A label of the shared layout in a locale (e.g. 'parties', 'vatNumber'). */
export function documentLabel(locale: DocumentLocale, key: DocumentLabel): string {
  return LABELS[locale][key];
}

/** "Label : value" (fr typography) / "Label: value" (en). */
export function labelled(label: string, value: string, locale: DocumentLocale): string {
  return `${label}${locale === 'fr' ? ' : ' : ': '}${value}`;
}

/** "Article 1 – Title" (fr) / "Clause 1 – Title" (en). */
export function clauseHeading(number: string, title: string, locale: DocumentLocale): string {
  return `${LABELS[locale].clause} ${number} – ${title}`;
}
