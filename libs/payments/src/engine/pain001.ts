// The platform's SEPA credit-transfer order for its bank: an ISO 20022 customer credit
// transfer initiation, pain.001.001.09, one payment information block (the platform's account,
// one execution date) with one transaction per payout. The tests validate it against the ISO
// 20022 XSD with xmllint (schemas/README.md).

import { create } from 'xmlbuilder2';
import { BadInputError, centsToDecimal, isCents, sumCents, type Cents, type FieldProblem } from '@app/core/kernel';

export const PAIN_001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

export interface SepaParty {
  name: string;
  iban: string;
  bic?: string | null;
}

export interface SepaCreditTransfer {
  /** Unique per payout: the seller's bank shows it (at most 35 characters). */
  endToEndId: string;
  amountCents: Cents;
  creditor: SepaParty;
  /** What the seller reads on its statement (at most 140 characters). */
  remittance: string;
}

export interface SepaCreditTransferOrder {
  /** Unique per file for the bank (at most 35 characters). */
  messageId: string;
  createdAt: Date;
  /** The day the bank executes the transfers (YYYY-MM-DD). */
  executionDate: string;
  debtor: SepaParty;
  transfers: SepaCreditTransfer[];
}

const ID = /^[A-Za-z0-9/\-?:().,'+ ]{1,35}$/;

/**
 * Text in the SEPA character set (EPC guidelines): Latin letters without accents, digits and
 * / - ? : ( ) . , ' + and space; others become their unaccented letter or a space.
 */
export function sepaText(text: string, max: number): string {
  const plain = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[Œœ]/g, (c) => (c === 'Œ' ? 'OE' : 'oe')).replace(/ß/g, 'ss').replace(/&/g, '+').replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.slice(0, max).trim();
}

function checkOrder(order: SepaCreditTransferOrder): void {
  const problems: FieldProblem[] = [];
  if (!ID.test(order.messageId)) problems.push({ field: 'messageId', message: 'must be 1 to 35 SEPA characters' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(order.executionDate)) problems.push({ field: 'executionDate', message: 'must be a day YYYY-MM-DD' });
  if (order.transfers.length === 0) problems.push({ field: 'transfers', message: 'a credit-transfer file needs at least one transfer' });
  const ids = new Set<string>();
  order.transfers.forEach((t, i) => {
    if (!ID.test(t.endToEndId)) problems.push({ field: `transfers[${i}].endToEndId`, message: 'must be 1 to 35 SEPA characters' });
    if (ids.has(t.endToEndId)) problems.push({ field: `transfers[${i}].endToEndId`, message: `"${t.endToEndId}" is used twice: each transfer needs its own` });
    ids.add(t.endToEndId);
    if (!isCents(t.amountCents) || t.amountCents < 1 || t.amountCents > 99_999_999_999) {
      problems.push({ field: `transfers[${i}].amountCents`, message: 'must be from 1 cent to 999,999,999.99 EUR (the SEPA maximum)' });
    }
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(t.creditor.iban)) problems.push({ field: `transfers[${i}].creditor.iban`, message: 'must be an IBAN in electronic form' });
    if (sepaText(t.creditor.name, 70) === '') problems.push({ field: `transfers[${i}].creditor.name`, message: 'needs letters or digits' });
  });
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(order.debtor.iban)) problems.push({ field: 'debtor.iban', message: "must be the platform's IBAN in electronic form (PLATFORM_IBAN)" });
  if (problems.length) throw new BadInputError(problems);
}

function agent(parent: ReturnType<typeof create>, name: string, bic: string | null | undefined) {
  const fin = parent.ele(name).ele('FinInstnId');
  // SEPA needs no BIC (IBAN-only): the EPC form says so with NOTPROVIDED.
  if (bic) fin.ele('BICFI').txt(bic);
  else fin.ele('Othr').ele('Id').txt('NOTPROVIDED');
}

/** The pain.001.001.09 XML of `order`: UTF-8, amounts in EUR with two decimals, names in the SEPA character set. */
export function buildPain001(order: SepaCreditTransferOrder): string {
  checkOrder(order);
  const total = centsToDecimal(sumCents(order.transfers.map((t) => t.amountCents)));
  const count = String(order.transfers.length);
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(PAIN_001_NAMESPACE, 'Document');
  const root = doc.ele('CstmrCdtTrfInitn');
  const header = root.ele('GrpHdr');
  header.ele('MsgId').txt(order.messageId);
  header.ele('CreDtTm').txt(order.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  header.ele('NbOfTxs').txt(count);
  header.ele('CtrlSum').txt(total);
  header.ele('InitgPty').ele('Nm').txt(sepaText(order.debtor.name, 70));

  const info = root.ele('PmtInf');
  info.ele('PmtInfId').txt(order.messageId);
  info.ele('PmtMtd').txt('TRF');
  info.ele('BtchBookg').txt('false');
  info.ele('NbOfTxs').txt(count);
  info.ele('CtrlSum').txt(total);
  info.ele('PmtTpInf').ele('SvcLvl').ele('Cd').txt('SEPA');
  info.ele('ReqdExctnDt').ele('Dt').txt(order.executionDate);
  info.ele('Dbtr').ele('Nm').txt(sepaText(order.debtor.name, 70));
  info.ele('DbtrAcct').ele('Id').ele('IBAN').txt(order.debtor.iban);
  agent(info as never, 'DbtrAgt', order.debtor.bic);
  info.ele('ChrgBr').txt('SLEV');
  for (const t of order.transfers) {
    const tx = info.ele('CdtTrfTxInf');
    tx.ele('PmtId').ele('EndToEndId').txt(t.endToEndId);
    tx.ele('Amt').ele('InstdAmt', { Ccy: 'EUR' }).txt(centsToDecimal(t.amountCents));
    if (t.creditor.bic) agent(tx as never, 'CdtrAgt', t.creditor.bic);
    tx.ele('Cdtr').ele('Nm').txt(sepaText(t.creditor.name, 70));
    tx.ele('CdtrAcct').ele('Id').ele('IBAN').txt(t.creditor.iban);
    tx.ele('RmtInf').ele('Ustrd').txt(sepaText(t.remittance, 140));
  }
  return doc.end({ prettyPrint: true });
}
