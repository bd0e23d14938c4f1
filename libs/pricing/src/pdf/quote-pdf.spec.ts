import { pdfInfo, pdfText as pdftotext } from '@app/documents';
import { computeQuote, TariffDefinition } from '../engine';
import { findStandardGrid } from '../grids';
import { QuotePdfInput, renderQuotePdf } from './quote-pdf';

/** The PDF's text in its physical layout, no-break spaces made plain. */
function pdfText(pdf: Buffer): string {
  return pdftotext(pdf, { layout: true }).replace(/\u00a0/g, ' ');
}

const seller = {
  name: 'Groupement des CHU du Grand Ouest',
  siret: '26350001400017',
  vatNumber: 'FR75263500014',
  address: '2 rue Henri Le Guilloux, 35000 Rennes',
  country: 'FR',
};
const buyer = {
  name: 'Laboratoires Élan Thérapeutique SAS',
  siret: '40483304800022',
  vatNumber: 'FR83404833048',
  address: '12 avenue de la République, 75011 Paris',
  country: 'FR',
};

function networkQuoteInput(): QuotePdfInput {
  const quote = computeQuote(
    findStandardGrid('network-standard')!.tariff,
    {
      buyer: { category: 'PHARMA', country: 'FR', vatNumber: buyer.vatNumber },
      purpose: 'AI_TRAINING',
      patients: 120000,
      months: 24,
      preparation: { stages: ['LINKAGE'], days: { EXTRACTION: '5.5' } },
      expectedUsage: { COMPUTE_HOURS: 300, STORAGE_GB_MONTHS: '250.5', EXTRACTIONS: 4, API_CALLS: 150000 },
    },
    { locale: 'fr' },
  );
  return {
    quoteNumber: 'DEV-2026-000042',
    issueDate: '2026-11-22',
    validUntil: '2026-12-22',
    seller,
    buyer,
    offeringTitle: 'Cohorte diabète de type 2 – réseau de 6 CHU',
    quote,
  };
}

describe('renderQuotePdf', () => {
  it('renders the quote with parties, lines, rules, totals and validity (checked with pdftotext)', async () => {
    const pdf = await renderQuotePdf(networkQuoteInput());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    // rules may wrap: compare with runs of white space collapsed
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'Devis N° DEV-2026-000042',
      "Date d'émission : 22/11/2026",
      "Valable jusqu'au : 22/12/2026",
      'Groupement des CHU du Grand Ouest',
      'SIRET 26350001400017 · N° TVA FR75263500014',
      'Laboratoires Élan Thérapeutique SAS',
      'SIRET 40483304800022 · N° TVA FR83404833048',
      '12 avenue de la République, 75011 Paris',
      'Offre : Cohorte diabète de type 2 – réseau de 6 CHU',
      'Préparation des données – Extraction',
      'Extraction : 5,5 jours × 800,00 € par jour (jours devisés)',
      'Tarif au volume : 120 000 patients atteignent la tranche 3 (100 001–1 000 000) ; tous les patients à 0,30 €',
      'Finalité entraînement d\'IA : ×1,5 sur 41 000,00 € (volume)',
      'Total des prestations HT',
      '78 872,58 €',
      '99 372,58 €',
      'TVA 20 % sur 99 372,58 €',
      '19 874,52 €',
      'Total TTC',
      '119 247,10 €',
      'page 1 / ',
    ]) {
      expect(flat).toContain(expected);
    }
  });

  it('prints the reverse-charge mention for an EU business buyer', async () => {
    const tariff = findStandardGrid('registry-standard')!.tariff;
    const quote = computeQuote(tariff, { buyer: { category: 'PHARMA', country: 'DE', vatNumber: 'DE123456789' }, records: 25001, months: 12 }, { locale: 'fr' });
    const pdf = await renderQuotePdf({
      ...networkQuoteInput(),
      quote,
      buyer: { name: 'Forschung GmbH', vatNumber: 'DE123456789', address: 'Unter den Linden 1, 10117 Berlin', country: 'DE' },
    });
    const text = pdfText(pdf);
    expect(text).toContain('Forschung GmbH');
    expect(text).toContain('Autoliquidation – article 283-2 du CGI / article 196 de la directive 2006/112/CE');
    expect(text).toContain('TVA 0 % – autoliquidation');
    // 800 + 500 + 2 x 600 + 600 + 3 packages x 250 + 12 x 250 + 300 = 7,150.00 €
    expect(text).toContain('7 150,00 €');
  });

  it('breaks long quotes over numbered pages and writes English on request', async () => {
    const many: TariffDefinition = {
      key: 'many',
      currency: 'EUR',
      components: Array.from({ length: 40 }, (_, i) => ({
        kind: 'FIXED_FEE' as const,
        code: `F${i}`,
        label: { fr: `Forfait ${i}`, en: `Fee number ${i}` },
        amountCents: 1000 + i,
        incurredAt: 'APPLICATION' as const,
      })),
    };
    const quote = computeQuote(many, { buyer: { category: 'PHARMA', country: 'US' } });
    const pdf = await renderQuotePdf({ ...networkQuoteInput(), quote });
    const text = pdfText(pdf);
    expect(text).toContain('Quote No. DEV-2026-000042');
    expect(text).toContain('Fee number 39');
    expect(text).toContain('TVA non applicable – article 259 B du CGI');
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let i = 1; i <= pages; i++) expect(text).toContain(`page ${i} / ${pages}`);
    // 40 fees of 10.00 € + 0 + 1 + ... + 39 cents = 400.00 € + 7.80 € = 407.80 €
    expect(text).toContain('€407.80');
  });
});
