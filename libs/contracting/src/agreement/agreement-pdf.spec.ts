import { pdfFonts, pdfInfo, pdfText, squash } from '@app/documents';
import { BadInputError } from '@app/core/kernel';
import { sha256Hex } from '../signing/verify';
import { renderAgreementPdf } from './agreement-pdf';
import type { AgreementPdfInput, AuditEvent } from './agreement-input';
import { FIFTEEN_PAGE_DICTIONARY_ROWS, SAMPLE_DATASET_DESCRIPTION, sampleAgreementInput, sampleAuditTrail } from './testing/sample-agreement';

jest.setTimeout(60_000);

describe('renderAgreementPdf', () => {
  let input: AgreementPdfInput;
  let unsigned: Buffer;
  let text: string;
  let pages: number;

  beforeAll(async () => {
    input = sampleAgreementInput();
    unsigned = await renderAgreementPdf(input);
    text = squash(pdfText(unsigned));
    pages = Number(pdfInfo(unsigned).Pages);
  });

  it('prints the title, the number and both parties with their legal identity and signers', () => {
    for (const needle of [
      "Licence d'accès aux données de santé pour la recherche académique",
      'Accord n° AGR-2027-000042',
      'PRODUCTEUR Centre Hospitalier Universitaire de Valmont',
      'Adresse : 12 avenue des Tilleuls, 69003 Lyon',
      'SIRET 26750045200011 · N° TVA FR35267500452 · Pays : FR',
      'Représenté(e) par Dr Hélène Marchand, directrice générale',
      'Signataire : Dr Hélène Marchand, Directrice générale',
      'BÉNÉFICIAIRE Biostatistique Clément & Associés SAS',
      'SIRET 91234567800019 · N° TVA FR40912345678 · Pays : FR',
      'Signataire : Zoé Lefèvre, Présidente',
    ]) {
      expect(text).toContain(needle);
    }
  });

  it('prints the particulars: dataset and version, purpose, start date and duration', () => {
    expect(text).toContain('Jeu de données Entrepôt de données de santé de Valmont – cohorte diabète 2015-2024 Version 3.1');
    expect(text).toContain('Catégorie de finalité Recherche scientifique');
    expect(text).toContain(`Résumé de la finalité ${input.purpose.summary}`);
    expect(text).toContain('Date de début 1 mars 2027 Durée 24 mois');
  });

  it('numbers every clause, with every locked clause title, and marks the negotiated one', () => {
    const { clauses } = input.document;
    const locked = clauses.filter((c) => c.mode === 'locked');
    expect(locked.length).toBeGreaterThan(10);
    for (const c of clauses) expect(text).toContain(squash(`Article ${c.number} – ${c.title}`));
    const publication = clauses.find((c) => c.id === 'publication')!;
    expect(publication.deviates).toBe(true);
    expect(text).toContain(`Article ${publication.number} – ${publication.title} Clause négociée : le texte diffère du modèle standard.`);
    expect(text.split('Clause négociée').length - 1).toBe(1);
  });

  it('prints the fee annex: every line with its rule, the adjustment, subtotal, VAT per rate and total', () => {
    const annex = squash(pdfText(unsigned, { layout: true })).replace(/.*Annexe 1 – Tarifs et décompte des redevances/, '');
    expect(text).toContain('Annexe 1 – Tarifs et décompte des redevances');
    expect(annex).toContain('Prestation Quantité Prix unitaire HT Montant HT');
    expect(annex).toContain('Préparation – pseudonymisation 2,5 jours 800,00 € 2 000,00 € Règle : 2,5 jours × 800,00 € par jour');
    expect(annex).toContain('Accès à l’environnement sécurisé 12 mois 500,00 € 6 000,00 €');
    expect(annex).toContain('Heures de calcul * 120 heures 1,20 € 144,00 €');
    expect(annex).toContain('Total des prestations HT 12 044,00 €');
    expect(annex).toContain('Réduction recherche académique (15 %) 1 ajustement -1 785,00 € -1 785,00 €');
    expect(annex).toContain('Total HT 10 259,00 € TVA 20 % (base 10 259,00 €) 2 051,80 € Total TTC 12 310,80 €');
    expect(annex).toContain('* Quantité estimée');
    // the fees clause prints the same total as the annex
    expect(text).toContain('total toutes taxes comprises : 12 310,80 €');
  });

  it('prints the dataset description annex and an unsigned signature page', () => {
    expect(text).toContain('Annexe 2 – Description du jeu de données');
    for (const row of SAMPLE_DATASET_DESCRIPTION) expect(text).toContain(squash(row.value));
    expect(text).toContain('Pour le Producteur Pour le Bénéficiaire Centre Hospitalier Universitaire de Valmont Nom : Dr Hélène Marchand Qualité : Directrice générale');
    expect(text.split('Signature : ______').length - 1).toBe(2);
    expect(text).not.toContain('Signé électroniquement');
    expect(text).not.toContain("Piste d'audit");
  });

  it('numbers every page "page X / Y" with the template and variables fingerprints in the footer', () => {
    const { templateKey, templateVersion, templateHash, variablesHash } = input.document;
    expect(pages).toBeGreaterThanOrEqual(10);
    for (let i = 1; i <= pages; i++) expect(text).toContain(`page ${i} / ${pages}`);
    const footer = `${templateKey}@${templateVersion} · sha256:${templateHash.slice(0, 16)} · variables sha256:${variablesHash.slice(0, 16)}`;
    expect(text.split(footer).length - 1).toBe(pages);
    expect(text).toContain(`sha256:${templateHash}`);
    expect(text).toContain(`sha256:${variablesHash}`);
  });

  it('is a PDF 1.7 with embedded DejaVu fonts and the agreement number in its metadata', () => {
    const info = pdfInfo(unsigned);
    expect(info['PDF version']).toBe('1.7');
    expect(info.Subject).toBe('Accord n° AGR-2027-000042');
    expect(info.Keywords).toContain('agreement-number:AGR-2027-000042');
    expect(info.Keywords).toContain(`template-sha256:${input.document.templateHash}`);
    const fonts = pdfFonts(unsigned);
    expect(fonts.map((f) => f.name).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique']);
    expect(fonts.every((f) => f.embedded)).toBe(true);
  });

  it('is byte-identical for the same input and creation date', async () => {
    expect((await renderAgreementPdf(input)).equals(unsigned)).toBe(true);
    const later = await renderAgreementPdf({ ...input, creationDate: new Date('2027-02-16T09:30:00Z') });
    expect(later.equals(unsigned)).toBe(false);
  });

  describe('with the audit trail (the final document)', () => {
    let trail: AuditEvent[];
    let finalText: string;
    let finalPages: number;

    beforeAll(async () => {
      trail = sampleAuditTrail(sha256Hex(unsigned));
      const final = await renderAgreementPdf(input, { auditTrail: trail });
      finalText = squash(pdfText(final));
      finalPages = Number(pdfInfo(final).Pages);
    });

    it('has the same content plus a last audit trail page', () => {
      expect(finalPages).toBe(pages + 1);
      const lastPage = finalText.slice(finalText.lastIndexOf(`page ${finalPages - 1} / ${finalPages}`));
      expect(lastPage).toContain("Piste d'audit / Audit trail");
      // up to the signature page, only the page totals differ
      const body = (t: string) => {
        const withoutTotals = t.replace(/page \d+ \/ \d+/g, '');
        return withoutTotals.slice(0, withoutTotals.indexOf('Signatures Fait sous forme électronique'));
      };
      expect(body(text).length).toBeGreaterThan(20000);
      expect(body(finalText)).toBe(body(text));
    });

    it('fills the signature page from the signatures', () => {
      expect(finalText).toContain('Signé électroniquement le 17 février 2027 à 15:03:09, heure de Paris (IP 198.51.100.42)');
      expect(finalText).toContain('Signé électroniquement le 16 février 2027 à 09:12:45, heure de Paris (IP 203.0.113.17)');
      expect(finalText).not.toContain('Signature : ______');
    });

    it('lists every signature event: signer, email, ISO and Paris time, IP, user agent, consent, unsigned hash', () => {
      const audit = finalText.slice(finalText.indexOf("Piste d'audit / Audit trail"));
      expect(audit).toContain('Signature 1 – Bénéficiaire : Biostatistique Clément & Associés SAS Signataire Zoé Lefèvre');
      expect(audit).toContain('Adresse électronique zoe.lefevre@biostat-clement.example');
      expect(audit).toContain('Horodatage (UTC, ISO 8601) 2027-02-16T08:12:45.000Z');
      expect(audit).toContain('Heure de Paris 16 février 2027 à 09:12:45 (UTC+01:00, Europe/Paris)');
      expect(audit).toContain('Adresse IP 203.0.113.17');
      expect(audit).toContain('Firefox/128.0');
      expect(audit).toContain(`Consentement exprimé ${trail[0].consentText}`);
      expect(audit).toContain('Signature 2 – Producteur : Centre Hospitalier Universitaire de Valmont');
      expect(audit.split(`SHA-256 du document non signé ${sha256Hex(unsigned)}`).length - 1).toBe(2);
    });
  });

  it('renders in English from an English rendered licence', async () => {
    const en = squash(pdfText(await renderAgreementPdf(sampleAgreementInput({ locale: 'en' }))));
    expect(en).toContain('Agreement no. AGR-2027-000042');
    expect(en).toContain('Annex 1 – Tariff and breakdown of fees');
    expect(en).toContain('Total incl. VAT €12,310.80');
    expect(en).toContain('Clause 1 – ');
    expect(en).toContain('For the Recipient');
  });

  it('refuses inconsistent input, naming every field', async () => {
    const bad = sampleAgreementInput({ agreementNumber: 'AGR 2027/42 !' });
    bad.fees = { ...bad.fees, totalCents: bad.fees.totalCents + 1 };
    bad.startDate = '2027-02-30';
    const error = await renderAgreementPdf(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).problems.map((p) => p.field)).toEqual(['agreementNumber', 'startDate', 'fees.totalCents']);
    const trail = sampleAuditTrail('not-a-hash');
    const error2 = await renderAgreementPdf(sampleAgreementInput(), { auditTrail: trail }).catch((e: unknown) => e);
    expect((error2 as BadInputError).problems.map((p) => p.field)).toEqual(['auditTrail[0].documentSha256', 'auditTrail[1].documentSha256']);
  });

  it('reaches 15 pages with a long dataset annex', async () => {
    const long = sampleAgreementInput({ dictionaryRows: FIFTEEN_PAGE_DICTIONARY_ROWS });
    const unsignedLong = await renderAgreementPdf(long);
    const pdf = await renderAgreementPdf(long, { auditTrail: sampleAuditTrail(sha256Hex(unsignedLong)) });
    expect(pdfInfo(pdf).Pages).toBe('15');
    const t = squash(pdfText(pdf));
    expect(t).toContain('page 1 / 15');
    expect(t).toContain('page 15 / 15');
    expect(t).toContain('Variable 020 – sej_var_20');
  });
});
