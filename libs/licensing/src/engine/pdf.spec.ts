import { pdfFonts, pdfInfo, pdfText, squash } from '@app/documents';
import { loadValidLicence } from './__fixtures__/helpers';
import { exampleValues } from './examples';
import { renderDocumentPdf } from './pdf';
import { renderTemplate } from './render';
import type { PartyValue, RenderedDocument, VariableValues } from './types';

const def = loadValidLicence();
const values: VariableValues = {
  ...exampleValues(def),
  buyer: { name: 'Épidémiologie Œuvres Ăpplicatives SAS', country: 'FR', siret: '91234567800019', representative: 'Mme Françoise Nœl' },
  projectTitle: 'Trajectoires de soins après un AVC',
  startDate: '2027-03-01',
  liabilityCap: { amountCents: 1234567, currency: 'EUR' },
};
const parties = [values.producer, values.buyer] as PartyValue[];
const creationDate = new Date('2027-03-01T09:00:00Z');

describe('renderDocumentPdf', () => {
  let fr: RenderedDocument;
  let pdf: Buffer;
  let text: string;

  beforeAll(async () => {
    fr = renderTemplate(def, values, 'fr', [{ clauseId: 'publication', alternativeId: 'embargo-24-months' }]);
    pdf = await renderDocumentPdf(fr, { parties, creationDate, subtitle: 'Aperçu' });
    text = squash(pdfText(pdf));
  });

  it('prints the filled variable values', () => {
    for (const needle of [
      'Centre Hospitalier Universitaire de Valmont',
      'Épidémiologie Œuvres Ăpplicatives SAS',
      'Représenté(e) par Mme Françoise Nœl',
      'Trajectoires de soins après un AVC',
      'La licence prend effet le 1 mars 2027 pour une durée de 24 mois.',
      'limitée à 12 345,67 €',
      'Entrepôt de données de santé de Valmont – cohorte diabète 2015-2024',
      'délai de 24 mois',
      'Clause négociée : le texte diffère du modèle standard.',
    ]) {
      expect(text).toContain(needle);
    }
  });

  it('prints every locked clause as a numbered article', () => {
    const locked = fr.clauses.filter((c) => c.mode === 'locked');
    expect(locked.length).toBeGreaterThan(10);
    for (const c of locked) expect(text).toContain(`Article ${c.number} – ${c.title}`);
    expect(text).toContain('Article 1 – Objet');
  });

  it('numbers every page "page X / Y" and prints the template id and hash in the footer', () => {
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let i = 1; i <= pages; i++) expect(text).toContain(`page ${i} / ${pages}`);
    expect(text.split(`test-research-licence@1.2.0 · sha256:${fr.templateHash.slice(0, 16)}`).length - 1).toBe(pages);
    expect(text).toContain(`sha256:${fr.templateHash}`);
    expect(text).toContain(`sha256:${fr.variablesHash}`);
  });

  it('embeds the DejaVu fonts', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.map((f) => f.name).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique']);
    expect(fonts.every((f) => f.embedded)).toBe(true);
  });

  it('renders English with "Clause n – Title" headings', async () => {
    const en = renderTemplate(def, values, 'en');
    const enText = squash(pdfText(await renderDocumentPdf(en, { parties, creationDate })));
    expect(enText).toContain('Clause 1 – Purpose of the licence');
    expect(enText).toContain('The licence takes effect on 1 March 2027 for a term of 24 months.');
    expect(enText).toContain('capped at €12,345.67');
    expect(enText).toContain('Represented by Mme Françoise Nœl');
    expect(enText).toMatch(/page 1 \/ \d+/);
  });

  it('is byte-identical for the same input and creation date', async () => {
    const again = await renderDocumentPdf(fr, { parties, creationDate, subtitle: 'Aperçu' });
    const third = await renderDocumentPdf(fr, { parties, creationDate, subtitle: 'Aperçu' });
    expect(again.equals(pdf)).toBe(true);
    expect(third.equals(pdf)).toBe(true);
    const later = await renderDocumentPdf(fr, { parties, creationDate: new Date('2027-03-02T09:00:00Z'), subtitle: 'Aperçu' });
    expect(later.equals(pdf)).toBe(false);
  });

  it('adds extra sections and a watermark', async () => {
    const withAnnex = await renderDocumentPdf(fr, {
      creationDate,
      watermark: 'PROJET',
      extraSections: [
        { title: 'Annexe 1 – Détail des redevances', rows: [['Préparation des données', '4 500,00 €'], ['Total TTC', '8 352,00 €']] },
        { title: 'Annexe 2 – Jeu de données', body: 'Description.\n\n- Période : 2015-2024\n- Patients : 120 000', newPage: false },
      ],
    });
    const annexText = squash(pdfText(withAnnex));
    expect(annexText).toContain('Annexe 1 – Détail des redevances');
    expect(annexText).toContain('Préparation des données 4 500,00 €');
    expect(annexText).toContain('– Période : 2015-2024 – Patients : 120 000');
    expect(Number(pdfInfo(withAnnex).Pages)).toBe(Number(pdfInfo(pdf).Pages) + 1);
  });

  it('draws the watermark as shapes, leaving the extracted text untouched', async () => {
    const plain = await renderDocumentPdf(fr, { creationDate });
    const marked = await renderDocumentPdf(fr, { creationDate, watermark: 'PROJET' });
    expect(marked.length).toBeGreaterThan(plain.length);
    expect(pdfText(marked)).toBe(pdfText(plain));
  });
});
