import { frenchLegalTexts, LEGAL_TEXT_KEYS, legalText, parseLegalTexts } from './legal-texts';

describe('legal texts', () => {
  const texts = frenchLegalTexts();

  it('cites the CGI until 31 August 2026 and the CIBS or the directive from 1 September 2026', () => {
    expect(legalText(texts, 'exemptionFranchise', '2026-08-31')).toBe('TVA non applicable, article 293 B du CGI');
    expect(legalText(texts, 'exemptionFranchise', '2026-09-01')).toContain('CIBS');
    expect(legalText(texts, 'exemptionReverseCharge', '2026-08-31')).toContain('283-2 du CGI');
    expect(legalText(texts, 'exemptionReverseCharge', '2026-09-01')).not.toContain('CGI');
    expect(legalText(texts, 'exemptionReverseCharge', '2030-01-01')).toMatch(/^Autoliquidation/);
  });

  it('fills placeholders and says which one is missing', () => {
    expect(legalText(texts, 'mandate', '2026-01-15', { platform: 'P', seller: 'S' })).toBe(
      'Facture émise par P au nom et pour le compte de S (mandat de facturation, article 289, I-2 du CGI).',
    );
    expect(() => legalText(texts, 'mandate', '2026-01-15', { platform: 'P' })).toThrow('needs {seller}');
  });

  it('gives the English text on request, French when there is none', () => {
    expect(legalText(texts, 'earlyPaymentDiscount', '2026-01-15', {}, 'en')).toBe('No discount for early payment.');
  });

  it('states the 40 EUR recovery indemnity itself, for business and public buyers', () => {
    expect(legalText(texts, 'recoveryIndemnityBusiness', '2026-01-15')).toContain('Indemnité forfaitaire pour frais de recouvrement : 40 EUR');
    expect(legalText(texts, 'recoveryIndemnityPublic', '2026-01-15')).toContain('Indemnité forfaitaire pour frais de recouvrement : 40 EUR');
  });

  it('stops on a date no variant covers, naming the text', () => {
    const only = (key: string, body: string) => `texts:\n${body}` + LEGAL_TEXT_KEYS.filter((k) => k !== key).map((k) => `  ${k}:\n    - from: "2000-01-01"\n      fr: "x"\n`).join('');
    const limited = parseLegalTexts(only('mandate', '  mandate:\n    - from: "2020-01-01"\n      until: "2027-12-31"\n      fr: "ancien"\n'));
    expect(legalText(limited, 'mandate', '2027-12-31')).toBe('ancien');
    expect(() => legalText(limited, 'mandate', '2028-01-01')).toThrow('no legal text "mandate" is in force on 2028-01-01');
  });

  it('reports every problem of a broken file at once', () => {
    expect(() => parseLegalTexts('texts:\n  mandate:\n    - from: "1er janvier"\n      fr: ""\n  nonsense: []\n', 'x.yaml')).toThrow(
      /x\.yaml: texts\.nonsense: unknown text.*texts\.mandate\[0\]\.from: a date.*texts\.mandate\[0\]\.fr: the French text is required.*texts\.dataMadeAvailable: a list/,
    );
  });
});

