// Every reason an invoice cannot be issued, found before the XML is written: the French
// rules (numbering, identifiers, electronic addresses, mandatory notes, Chorus Pro
// references) and the arithmetic (breakdown and totals recomputed, exact to the cent).

import { isIsoDate, sumCents } from '@app/core/kernel';
import { vatLinesOf } from './split-bill';
import { EU_MEMBER_STATES, FRENCH_VAT_TERRITORY } from './territory';
import { FRENCH_DIRECTORY_SCHEME, Invoice, InvoiceProblem, NoteSubject, PostalAddress, VatCategory } from './types';

/** UN/ECE recommendation 20 codes our lines use: one, day, month, hour. */
export const UNIT_CODES: ReadonlySet<string> = new Set(['C62', 'DAY', 'MON', 'HUR']);

/** VAT rates (basis points) a French invoice may carry (BR-FR-16), 0 aside. */
const FRENCH_VAT_RATES: ReadonlySet<number> = new Set([2000, 1000, 1300, 850, 1960, 210, 550, 700, 2060, 105, 90, 175, 920, 960]);


const NUMBER = /^[A-Za-z0-9+\-_/]{1,35}$/;
const ADDRESS_ID = /^[A-Za-z0-9+\-_.]{1,125}$/;
const SCHEME = /^(\d{4}|[A-Z]{2})$/;
const QUANTITY = /^\d{1,15}(\.\d{1,4})?$/;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

function isDate(s: unknown): s is string {
  return isIsoDate(s) && s.startsWith('20');
}

function blank(s: unknown): boolean {
  return typeof s !== 'string' || s.trim() === '';
}

function addressProblems(a: PostalAddress | undefined, path: string, out: InvoiceProblem[]): void {
  if (a == null) return void out.push({ path, message: 'is required' });
  if (blank(a.line1)) out.push({ path: `${path}.line1`, message: 'is required' });
  if (blank(a.postcode)) out.push({ path: `${path}.postcode`, message: 'is required' });
  if (blank(a.city)) out.push({ path: `${path}.city`, message: 'is required' });
  if (typeof a.country !== 'string' || !/^[A-Z]{2}$/.test(a.country)) out.push({ path: `${path}.country`, message: 'must be an ISO 3166-1 alpha-2 code such as FR' });
}

function siretProblems(siret: string | null | undefined, siren: string | null | undefined, path: string, out: InvoiceProblem[]): void {
  if (siret == null) return;
  if (!/^\d{14}$/.test(siret)) out.push({ path, message: 'a SIRET is 14 digits' });
  else if (siren != null && !siret.startsWith(siren)) out.push({ path, message: 'must start with the SIREN' });
}

function electronicAddressProblems(e: { scheme: string; id: string } | undefined, siren: string | null | undefined, french: boolean, path: string, out: InvoiceProblem[]): void {
  if (e == null) return void out.push({ path, message: 'an electronic address is required (BT-34/BT-49)' });
  if (typeof e.id !== 'string' || !ADDRESS_ID.test(e.id)) out.push({ path: `${path}.id`, message: 'at most 125 letters, digits and + - _ . (no @: use a directory identifier, not an e-mail)' });
  if (typeof e.scheme !== 'string' || !SCHEME.test(e.scheme)) out.push({ path: `${path}.scheme`, message: 'must be an EAS scheme code such as 0225' });
  if (french) {
    if (e.scheme !== FRENCH_DIRECTORY_SCHEME) out.push({ path: `${path}.scheme`, message: 'a French party is addressed in the French directory, scheme 0225' });
    if (siren != null && typeof e.id === 'string' && !e.id.startsWith(siren)) out.push({ path: `${path}.id`, message: 'must start with the SIREN' });
  }
}

function partyProblems(inv: Invoice, out: InvoiceProblem[]): void {
  const s = inv.seller;
  if (blank(s.name)) out.push({ path: 'seller.name', message: 'is required' });
  addressProblems(s.address, 'seller.address', out);
  if (s.address?.country !== 'FR') out.push({ path: 'seller.address.country', message: 'the seller is established in France (FR)' });
  const sirenOk = typeof s.siren === 'string' && /^\d{9}$/.test(s.siren);
  if (!sirenOk) out.push({ path: 'seller.siren', message: 'a SIREN is 9 digits' });
  siretProblems(s.siret, sirenOk ? s.siren : null, 'seller.siret', out);
  if (s.vatNumber != null) {
    if (!/^FR[0-9A-Z]{2}\d{9}$/.test(s.vatNumber)) out.push({ path: 'seller.vatNumber', message: 'a French VAT number is FR, a 2-character key and the SIREN' });
    else if (sirenOk && !s.vatNumber.endsWith(s.siren)) out.push({ path: 'seller.vatNumber', message: 'must end with the SIREN' });
  } else if (s.vatRegime !== 'FRANCHISE') out.push({ path: 'seller.vatNumber', message: 'is required for a seller charging VAT' });
  else if (blank(s.taxRegistrationId)) out.push({ path: 'seller.taxRegistrationId', message: 'a franchise seller without a VAT number gives its tax registration' });
  electronicAddressProblems(s.electronicAddress, sirenOk ? s.siren : null, true, 'seller.electronicAddress', out);

  const b = inv.buyer;
  if (blank(b.name)) out.push({ path: 'buyer.name', message: 'is required' });
  addressProblems(b.address, 'buyer.address', out);
  const country = b.address?.country;
  const domestic = FRENCH_VAT_TERRITORY.has(country);
  if (b.siren != null && !/^\d{9}$/.test(b.siren)) out.push({ path: 'buyer.siren', message: 'a SIREN is 9 digits' });
  if (domestic && b.siren == null) out.push({ path: 'buyer.siren', message: 'is required for a buyer in France (BAR B2B)' });
  siretProblems(b.siret, b.siren, 'buyer.siret', out);
  if (b.vatNumber != null && EU_MEMBER_STATES.has(country)) {
    const prefix = country === 'GR' ? 'EL' : country;
    if (!new RegExp(`^${prefix}[0-9A-Z+*]{2,12}$`).test(b.vatNumber)) out.push({ path: 'buyer.vatNumber', message: `must be ${prefix} followed by 2 to 12 letters or digits` });
  }
  electronicAddressProblems(b.electronicAddress, b.siren, domestic, 'buyer.electronicAddress', out);
  const p = b.publicSector;
  if (p != null) {
    if (p.serviceCodeRequired && blank(p.serviceCode)) out.push({ path: 'buyer.publicSector.serviceCode', message: 'this public buyer requires its service code on every invoice' });
    if (p.commitmentNumberRequired && blank(p.commitmentNumber)) out.push({ path: 'buyer.publicSector.commitmentNumber', message: 'this public buyer requires a commitment number on every invoice' });
  }
  if (inv.issuer != null) {
    if (blank(inv.issuer.name)) out.push({ path: 'issuer.name', message: 'is required' });
    if (!/^\d{9}$/.test(inv.issuer.siren)) out.push({ path: 'issuer.siren', message: 'a SIREN is 9 digits' });
  }
  if (inv.payment != null) {
    if (!IBAN.test(inv.payment.iban)) out.push({ path: 'payment.iban', message: 'an IBAN is 2 letters, 2 digits and 11 to 30 letters or digits, without spaces' });
    if (inv.payment.payee != null && !/^\d{9}$/.test(inv.payment.payee.siren)) out.push({ path: 'payment.payee.siren', message: 'a SIREN is 9 digits' });
  }
}

/** The one category every item shares, checked against the parties. */
function categoryProblems(inv: Invoice, out: InvoiceProblem[]): void {
  const categories = new Set<VatCategory>([...inv.lines.map((l) => l.vatCategory), ...inv.allowanceCharges.map((a) => a.vatCategory)]);
  if (categories.size > 1) return void out.push({ path: 'lines', message: `one VAT category per invoice (found ${[...categories].join(', ')})` });
  const [category] = [...categories];
  const country = inv.buyer.address?.country;
  if (category === 'AE' && (inv.seller.vatNumber == null || inv.buyer.vatNumber == null || !EU_MEMBER_STATES.has(country) || FRENCH_VAT_TERRITORY.has(country))) {
    out.push({ path: 'lines', message: 'reverse charge (AE) needs a buyer in another EU country and both VAT numbers' });
  }
  if (category === 'O' && EU_MEMBER_STATES.has(country)) out.push({ path: 'lines', message: 'out of scope (O) is for a buyer established outside the EU' });
  if (category === 'E' && inv.seller.vatRegime !== 'FRANCHISE') out.push({ path: 'lines', message: 'exempt (E) is for a seller under the VAT franchise' });
  if (category === 'S' && inv.seller.vatRegime === 'FRANCHISE') out.push({ path: 'lines', message: 'a seller under the VAT franchise does not charge VAT: use category E' });
}

function itemProblems(inv: Invoice, out: InvoiceProblem[]): void {
  if (inv.lines.length === 0) out.push({ path: 'lines', message: 'an invoice has at least one line' });
  const ids = new Set<string>();
  inv.lines.forEach((l, i) => {
    const at = `lines[${i}]`;
    if (blank(l.id) || ids.has(l.id)) out.push({ path: `${at}.id`, message: 'must be unique and non-empty' });
    ids.add(l.id);
    if (blank(l.name)) out.push({ path: `${at}.name`, message: 'is required' });
    if (typeof l.quantity !== 'string' || !QUANTITY.test(l.quantity)) out.push({ path: `${at}.quantity`, message: 'a decimal with "." and at most 4 decimals' });
    if (!UNIT_CODES.has(l.unitCode)) out.push({ path: `${at}.unitCode`, message: `must be one of ${[...UNIT_CODES].join(', ')}` });
    if (!Number.isSafeInteger(l.netPriceCents) || l.netPriceCents < 0) out.push({ path: `${at}.netPriceCents`, message: 'a non-negative integer of cents' });
    if (!Number.isSafeInteger(l.amountCents) || l.amountCents < 0) out.push({ path: `${at}.amountCents`, message: 'a non-negative integer of cents' });
    rateProblems(l.vatCategory, l.vatRateBp, at, out);
  });
  inv.allowanceCharges.forEach((a, i) => {
    const at = `allowanceCharges[${i}]`;
    if (!Number.isSafeInteger(a.amountCents) || a.amountCents <= 0) out.push({ path: `${at}.amountCents`, message: 'a positive integer of cents' });
    if (blank(a.reason)) out.push({ path: `${at}.reason`, message: 'is required' });
    rateProblems(a.vatCategory, a.vatRateBp, at, out);
  });
}

function rateProblems(category: VatCategory, rateBp: number, at: string, out: InvoiceProblem[]): void {
  if (!['S', 'AE', 'O', 'E'].includes(category)) return void out.push({ path: `${at}.vatCategory`, message: 'must be S, AE, O or E' });
  if (category === 'S' && !FRENCH_VAT_RATES.has(rateBp)) out.push({ path: `${at}.vatRateBp`, message: 'a standard-rated item carries a French VAT rate (2000 = 20 %)' });
  if (category !== 'S' && rateBp !== 0) out.push({ path: `${at}.vatRateBp`, message: `category ${category} carries no VAT (rate 0)` });
}

function arithmeticProblems(inv: Invoice, out: InvoiceProblem[]): void {
  const items = [
    ...inv.lines,
    ...inv.allowanceCharges.map((a) => ({ amountCents: a.charge ? a.amountCents : -a.amountCents, vatCategory: a.vatCategory, vatRateBp: a.vatRateBp })),
  ];
  const expected = vatLinesOf(items);
  const got = inv.vatBreakdown;
  const same =
    expected.length === got.length &&
    expected.every((e) => got.some((g) => g.category === e.category && g.rateBp === e.rateBp && g.baseCents === e.baseCents && g.vatCents === e.vatCents));
  if (!same) out.push({ path: 'vatBreakdown', message: 'does not match the lines, allowances and charges (base and VAT per category and rate)' });
  got.forEach((g, i) => {
    if (g.category !== 'S' && (blank(g.exemptionReasonCode) || blank(g.exemptionReason))) out.push({ path: `vatBreakdown[${i}]`, message: `category ${g.category} needs its exemption code and text` });
  });
  const t = inv.totals;
  const lineTotal = sumCents(inv.lines.map((l) => l.amountCents));
  const allowances = sumCents(inv.allowanceCharges.filter((a) => !a.charge).map((a) => a.amountCents));
  const charges = sumCents(inv.allowanceCharges.filter((a) => a.charge).map((a) => a.amountCents));
  const basis = lineTotal - allowances + charges;
  const vat = sumCents(got.map((g) => g.vatCents));
  const checks: [keyof typeof t, number][] = [
    ['lineTotalCents', lineTotal],
    ['allowanceTotalCents', allowances],
    ['chargeTotalCents', charges],
    ['taxBasisCents', basis],
    ['vatCents', vat],
    ['grandTotalCents', basis + vat],
    ['duePayableCents', basis + vat],
  ];
  for (const [k, v] of checks) if (t[k] !== v) out.push({ path: `totals.${k}`, message: `must be ${v} (got ${t[k]})` });
  if (basis < 0) out.push({ path: 'totals.taxBasisCents', message: 'an invoice or credit note is never negative: credit with a credit note' });
}

function noteProblems(inv: Invoice, out: InvoiceProblem[]): void {
  const count = (s: NoteSubject) => inv.notes.filter((n) => n.subject === s).length;
  for (const s of ['PMD', 'PMT', 'AAB', 'BAR'] as const) {
    if (count(s) !== 1) out.push({ path: 'notes', message: `exactly one ${s} note is required (found ${count(s)})` });
  }
  const bar = inv.notes.find((n) => n.subject === 'BAR')?.content;
  if (bar !== undefined && bar !== 'B2B' && bar !== 'B2BINT') out.push({ path: 'notes', message: 'the BAR note is B2B or B2BINT' });
  const pmt = inv.notes.find((n) => n.subject === 'PMT')?.content;
  if (pmt !== undefined && !pmt.includes('40 EUR')) out.push({ path: 'notes', message: 'the PMT note states the 40 EUR recovery indemnity' });
  if (inv.issuer != null && count('REG') === 0) out.push({ path: 'notes', message: 'an invoice issued under mandate says so in a REG note' });
  inv.notes.forEach((n, i) => {
    if (blank(n.content)) out.push({ path: `notes[${i}].content`, message: 'is required' });
  });
}

function headerProblems(inv: Invoice, out: InvoiceProblem[]): void {
  if (typeof inv.number !== 'string' || !NUMBER.test(inv.number)) out.push({ path: 'number', message: 'at most 35 letters, digits and + - _ /' });
  if (inv.typeCode !== '380' && inv.typeCode !== '381') out.push({ path: 'typeCode', message: 'must be 380 (invoice) or 381 (credit note)' });
  if (inv.currency !== 'EUR') out.push({ path: 'currency', message: 'must be EUR' });
  for (const k of ['issueDate', 'dueDate', 'deliveryDate'] as const) {
    if (!isDate(inv[k])) out.push({ path: k, message: 'a calendar date "YYYY-MM-DD" between 2000 and 2099' });
  }
  if (isDate(inv.issueDate) && isDate(inv.dueDate) && inv.dueDate < inv.issueDate) out.push({ path: 'dueDate', message: 'cannot be before the issue date' });
  if (blank(inv.paymentTerms)) out.push({ path: 'paymentTerms', message: 'is required' });
  const p = inv.billingPeriod;
  if (p != null) {
    if (!isDate(p.start)) out.push({ path: 'billingPeriod.start', message: 'a calendar date "YYYY-MM-DD"' });
    if (!isDate(p.end)) out.push({ path: 'billingPeriod.end', message: 'a calendar date "YYYY-MM-DD"' });
    if (isDate(p.start) && isDate(p.end) && p.end < p.start) out.push({ path: 'billingPeriod', message: 'ends before it starts' });
  }
  const pre = inv.precedingInvoice;
  if (inv.typeCode === '381' && pre == null) out.push({ path: 'precedingInvoice', message: 'a credit note references the invoice it corrects (BT-25, BT-26)' });
  if (pre != null) {
    if (typeof pre.number !== 'string' || !NUMBER.test(pre.number)) out.push({ path: 'precedingInvoice.number', message: 'at most 35 letters, digits and + - _ /' });
    if (!isDate(pre.issueDate)) out.push({ path: 'precedingInvoice.issueDate', message: 'a calendar date "YYYY-MM-DD"' });
    else if (isDate(inv.issueDate) && pre.issueDate > inv.issueDate) out.push({ path: 'precedingInvoice.issueDate', message: 'cannot be after the credit note' });
  }
}

/** Every problem of an invoice, [] when it can be issued. */
export function invoiceProblems(inv: Invoice): InvoiceProblem[] {
  const out: InvoiceProblem[] = [];
  headerProblems(inv, out);
  partyProblems(inv, out);
  itemProblems(inv, out);
  categoryProblems(inv, out);
  arithmeticProblems(inv, out);
  noteProblems(inv, out);
  return out;
}
