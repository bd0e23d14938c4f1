import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '@app/core/kernel';
import { findPain001Xsd, validatePain001 } from '../testing/pain001-xsd';
import { buildPain001, sepaText, type SepaCreditTransferOrder } from './pain001';

const order: SepaCreditTransferOrder = {
  messageId: 'PAYOUT-2026-12-02-0001',
  createdAt: new Date('2026-12-02T09:30:00.123Z'),
  executionDate: '2026-12-03',
  debtor: { name: 'Health Data Marketplace SAS', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
  transfers: [
    { endToEndId: 'P-7f3a-aphp', amountCents: 1_234_567, creditor: { name: 'Assistance Publique – Hôpitaux de Paris', iban: 'FR7610107001011234567890129', bic: null }, remittance: 'Facture F-2026-000123 : part de l’AP-HP' },
    { endToEndId: 'P-7f3a-chu', amountCents: 5, creditor: { name: 'CHU de Caen Normandie', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' }, remittance: 'Bill B-1' },
  ],
};

describe('pain.001.001.09 SEPA credit-transfer file', () => {
  it('totals the transfers and keeps amounts exact, names in the SEPA character set', () => {
    const xml = buildPain001(order);
    expect(xml).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">');
    expect(xml.match(/<CtrlSum>12345\.72<\/CtrlSum>/g)).toHaveLength(2);
    expect(xml.match(/<NbOfTxs>2<\/NbOfTxs>/g)).toHaveLength(2);
    expect(xml).toContain('<InstdAmt Ccy="EUR">12345.67</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">0.05</InstdAmt>');
    expect(xml).toContain('<Nm>Assistance Publique - Hopitaux de Paris</Nm>');
    expect(xml).toContain('<CreDtTm>2026-12-02T09:30:00Z</CreDtTm>');
    expect(xml.match(/<CdtrAgt>/g)).toHaveLength(1);
    expect(buildPain001({ ...order, debtor: { ...order.debtor, bic: null } })).toContain('<Othr>\n            <Id>NOTPROVIDED</Id>');
  });

  it('passes the ISO 20022 XSD (xmllint)', async () => {
    const xsd = findPain001Xsd();
    if (!xsd) {
      console.warn('pain.001.001.09.xsd not found (libs/payments/schemas/README.md): XSD validation skipped');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'pain001-'));
    const file = join(dir, 'pain.001.xml');
    writeFileSync(file, buildPain001(order));
    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, buildPain001(order).replace('<ChrgBr>SLEV</ChrgBr>', '<ChrgBr>EVERYONE</ChrgBr>'));
    expect(await validatePain001(xsd, [file])).toEqual({ ok: true, output: `${file} validates\n` });
    expect((await validatePain001(xsd, [broken])).ok).toBe(false);
  });

  it('refuses what a bank would reject, naming each field', () => {
    const bad = { ...order, messageId: 'x'.repeat(36), transfers: [order.transfers[0], { ...order.transfers[0], amountCents: 0 }] };
    try {
      buildPain001(bad);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(BadInputError);
      expect((e as BadInputError).problems.map((p) => p.field)).toEqual(['messageId', 'transfers[1].endToEndId', 'transfers[1].amountCents']);
    }
    expect(() => buildPain001({ ...order, transfers: [] })).toThrow(/at least one transfer/);
  });

  it('writes text a SEPA bank accepts', () => {
    expect(sepaText('Œuvre & Santé – Lyon «Sud»', 140)).toBe('OEuvre + Sante - Lyon Sud');
    expect(sepaText('a'.repeat(200), 70)).toHaveLength(70);
  });
});
