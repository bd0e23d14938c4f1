// The CII XML (UN/CEFACT Cross Industry Invoice D16B) of an invoice, Factur-X 1.0 profile
// EN 16931: elements in the order the XSD's sequences require, amounts written from integer
// cents (never through a float), dates in format 102 (YYYYMMDD).

import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { BillingInputError } from './errors';
import { centsToDecimal } from '@app/core/kernel';
import { basisPointsToPercent } from './decimal';
import { Invoice, InvoiceBuyer, InvoiceSeller, VatCategory } from './types';
import { invoiceProblems } from './validate-invoice';

export const EN16931_GUIDELINE = 'urn:cen.eu:en16931:2017';

const NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

const SIREN_SCHEME = '0002';
const SIRET_SCHEME = '0009';

function date102(date: string): string {
  return date.replace(/-/g, '');
}

function dateTime(parent: XMLBuilder, name: string, date: string, prefix: 'udt' | 'qdt' = 'udt'): void {
  parent.ele(NS.ram, `ram:${name}`).ele(NS[prefix], `${prefix}:DateTimeString`, { format: '102' }).txt(date102(date));
}

function text(parent: XMLBuilder, name: string, value: string, attrs?: Record<string, string>): void {
  parent.ele(NS.ram, `ram:${name}`, attrs).txt(value);
}

function address(party: XMLBuilder, a: InvoiceSeller['address']): void {
  const el = party.ele(NS.ram, 'ram:PostalTradeAddress');
  text(el, 'PostcodeCode', a.postcode);
  text(el, 'LineOne', a.line1);
  if (a.line2) text(el, 'LineTwo', a.line2);
  if (a.line3) text(el, 'LineThree', a.line3);
  text(el, 'CityName', a.city);
  text(el, 'CountryID', a.country);
}

/** The tax part of a line, an allowance or the breakdown: the rate is absent for category O (BR-O-05). */
function rate(parent: XMLBuilder, category: VatCategory, rateBp: number): void {
  if (category !== 'O') text(parent, 'RateApplicablePercent', basisPointsToPercent(rateBp));
}

function seller(agreement: XMLBuilder, inv: Invoice): void {
  const s = inv.seller;
  const outOfScope = inv.vatBreakdown.some((v) => v.category === 'O');
  const p = agreement.ele(NS.ram, 'ram:SellerTradeParty');
  if (s.siret) text(p, 'GlobalID', s.siret, { schemeID: SIRET_SCHEME });
  text(p, 'Name', s.name);
  const legal = [s.legalInformation, inv.sellerVatMention].filter((x): x is string => !!x).join(' – ');
  if (legal) text(p, 'Description', legal);
  text(p.ele(NS.ram, 'ram:SpecifiedLegalOrganization'), 'ID', s.siren, { schemeID: SIREN_SCHEME });
  address(p, s.address);
  text(p.ele(NS.ram, 'ram:URIUniversalCommunication'), 'URIID', s.electronicAddress.id, { schemeID: s.electronicAddress.scheme });
  if (s.vatNumber && !outOfScope) text(p.ele(NS.ram, 'ram:SpecifiedTaxRegistration'), 'ID', s.vatNumber, { schemeID: 'VA' });
  if (s.taxRegistrationId) text(p.ele(NS.ram, 'ram:SpecifiedTaxRegistration'), 'ID', s.taxRegistrationId, { schemeID: 'FC' });
}

function buyer(agreement: XMLBuilder, inv: Invoice): void {
  const b: InvoiceBuyer = inv.buyer;
  const outOfScope = inv.vatBreakdown.some((v) => v.category === 'O');
  const p = agreement.ele(NS.ram, 'ram:BuyerTradeParty');
  if (b.siret) text(p, 'GlobalID', b.siret, { schemeID: SIRET_SCHEME });
  text(p, 'Name', b.name);
  if (b.siren) text(p.ele(NS.ram, 'ram:SpecifiedLegalOrganization'), 'ID', b.siren, { schemeID: SIREN_SCHEME });
  address(p, b.address);
  text(p.ele(NS.ram, 'ram:URIUniversalCommunication'), 'URIID', b.electronicAddress.id, { schemeID: b.electronicAddress.scheme });
  if (b.vatNumber && !outOfScope) text(p.ele(NS.ram, 'ram:SpecifiedTaxRegistration'), 'ID', b.vatNumber, { schemeID: 'VA' });
}

function lines(tx: XMLBuilder, inv: Invoice): void {
  for (const l of inv.lines) {
    const item = tx.ele(NS.ram, 'ram:IncludedSupplyChainTradeLineItem');
    text(item.ele(NS.ram, 'ram:AssociatedDocumentLineDocument'), 'LineID', l.id);
    const product = item.ele(NS.ram, 'ram:SpecifiedTradeProduct');
    text(product, 'SellerAssignedID', l.code);
    text(product, 'Name', l.name);
    if (l.description) text(product, 'Description', l.description);
    text(item.ele(NS.ram, 'ram:SpecifiedLineTradeAgreement').ele(NS.ram, 'ram:NetPriceProductTradePrice'), 'ChargeAmount', centsToDecimal(l.netPriceCents));
    text(item.ele(NS.ram, 'ram:SpecifiedLineTradeDelivery'), 'BilledQuantity', l.quantity, { unitCode: l.unitCode });
    const settlement = item.ele(NS.ram, 'ram:SpecifiedLineTradeSettlement');
    const tax = settlement.ele(NS.ram, 'ram:ApplicableTradeTax');
    text(tax, 'TypeCode', 'VAT');
    text(tax, 'CategoryCode', l.vatCategory);
    rate(tax, l.vatCategory, l.vatRateBp);
    text(settlement.ele(NS.ram, 'ram:SpecifiedTradeSettlementLineMonetarySummation'), 'LineTotalAmount', centsToDecimal(l.amountCents));
  }
}

function agreement(tx: XMLBuilder, inv: Invoice): void {
  const a = tx.ele(NS.ram, 'ram:ApplicableHeaderTradeAgreement');
  const publicRefs = inv.buyer.publicSector;
  if (publicRefs?.serviceCode) text(a, 'BuyerReference', publicRefs.serviceCode);
  seller(a, inv);
  buyer(a, inv);
  if (publicRefs?.commitmentNumber) text(a.ele(NS.ram, 'ram:BuyerOrderReferencedDocument'), 'IssuerAssignedID', publicRefs.commitmentNumber);
  if (inv.contractReference) text(a.ele(NS.ram, 'ram:ContractReferencedDocument'), 'IssuerAssignedID', inv.contractReference);
}

function delivery(tx: XMLBuilder, inv: Invoice): void {
  const event = tx.ele(NS.ram, 'ram:ApplicableHeaderTradeDelivery').ele(NS.ram, 'ram:ActualDeliverySupplyChainEvent');
  dateTime(event, 'OccurrenceDateTime', inv.deliveryDate);
}

function settlement(tx: XMLBuilder, inv: Invoice): void {
  const s = tx.ele(NS.ram, 'ram:ApplicableHeaderTradeSettlement');
  if (inv.billReference) text(s, 'PaymentReference', inv.billReference);
  text(s, 'InvoiceCurrencyCode', inv.currency);
  const pay = inv.payment;
  if (pay?.payee) {
    const payee = s.ele(NS.ram, 'ram:PayeeTradeParty');
    text(payee, 'Name', pay.payee.name);
    text(payee.ele(NS.ram, 'ram:SpecifiedLegalOrganization'), 'ID', pay.payee.siren, { schemeID: SIREN_SCHEME });
  }
  if (pay) {
    const means = s.ele(NS.ram, 'ram:SpecifiedTradeSettlementPaymentMeans');
    text(means, 'TypeCode', pay.meansCode);
    const account = means.ele(NS.ram, 'ram:PayeePartyCreditorFinancialAccount');
    text(account, 'IBANID', pay.iban);
    if (pay.accountName) text(account, 'AccountName', pay.accountName);
    if (pay.bic) text(means.ele(NS.ram, 'ram:PayeeSpecifiedCreditorFinancialInstitution'), 'BICID', pay.bic);
  }
  for (const v of inv.vatBreakdown) {
    const tax = s.ele(NS.ram, 'ram:ApplicableTradeTax');
    text(tax, 'CalculatedAmount', centsToDecimal(v.vatCents));
    text(tax, 'TypeCode', 'VAT');
    if (v.exemptionReason) text(tax, 'ExemptionReason', v.exemptionReason);
    text(tax, 'BasisAmount', centsToDecimal(v.baseCents));
    text(tax, 'CategoryCode', v.category);
    if (v.exemptionReasonCode) text(tax, 'ExemptionReasonCode', v.exemptionReasonCode);
    rate(tax, v.category, v.rateBp);
  }
  if (inv.billingPeriod) {
    const period = s.ele(NS.ram, 'ram:BillingSpecifiedPeriod');
    dateTime(period, 'StartDateTime', inv.billingPeriod.start);
    dateTime(period, 'EndDateTime', inv.billingPeriod.end);
  }
  for (const ac of inv.allowanceCharges) {
    const el = s.ele(NS.ram, 'ram:SpecifiedTradeAllowanceCharge');
    el.ele(NS.ram, 'ram:ChargeIndicator').ele(NS.udt, 'udt:Indicator').txt(ac.charge ? 'true' : 'false');
    text(el, 'ActualAmount', centsToDecimal(ac.amountCents));
    text(el, 'Reason', ac.reason);
    const tax = el.ele(NS.ram, 'ram:CategoryTradeTax');
    text(tax, 'TypeCode', 'VAT');
    text(tax, 'CategoryCode', ac.vatCategory);
    rate(tax, ac.vatCategory, ac.vatRateBp);
  }
  const terms = s.ele(NS.ram, 'ram:SpecifiedTradePaymentTerms');
  text(terms, 'Description', inv.paymentTerms);
  dateTime(terms, 'DueDateDateTime', inv.dueDate);
  const t = inv.totals;
  const sum = s.ele(NS.ram, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  text(sum, 'LineTotalAmount', centsToDecimal(t.lineTotalCents));
  if (inv.allowanceCharges.some((a) => a.charge)) text(sum, 'ChargeTotalAmount', centsToDecimal(t.chargeTotalCents));
  if (inv.allowanceCharges.some((a) => !a.charge)) text(sum, 'AllowanceTotalAmount', centsToDecimal(t.allowanceTotalCents));
  text(sum, 'TaxBasisTotalAmount', centsToDecimal(t.taxBasisCents));
  text(sum, 'TaxTotalAmount', centsToDecimal(t.vatCents), { currencyID: inv.currency });
  text(sum, 'GrandTotalAmount', centsToDecimal(t.grandTotalCents));
  text(sum, 'DuePayableAmount', centsToDecimal(t.duePayableCents));
  if (inv.precedingInvoice) {
    const ref = s.ele(NS.ram, 'ram:InvoiceReferencedDocument');
    text(ref, 'IssuerAssignedID', inv.precedingInvoice.number);
    dateTime(ref, 'FormattedIssueDateTime', inv.precedingInvoice.issueDate, 'qdt');
  }
}

/**
 * The Factur-X EN 16931 CII XML of an invoice (UTF-8, with its declaration). Throws
 * BillingInputError listing every problem when the invoice cannot be issued as it is.
 */
export function renderCiiXml(inv: Invoice): string {
  const problems = invoiceProblems(inv);
  if (problems.length > 0) throw new BillingInputError('INVALID_INVOICE', problems);
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(NS.rsm, 'rsm:CrossIndustryInvoice', {
    'xmlns:qdt': NS.qdt,
    'xmlns:ram': NS.ram,
    'xmlns:udt': NS.udt,
  });
  const ctx = root.ele(NS.rsm, 'rsm:ExchangedDocumentContext');
  text(ctx.ele(NS.ram, 'ram:BusinessProcessSpecifiedDocumentContextParameter'), 'ID', inv.billingFramework);
  text(ctx.ele(NS.ram, 'ram:GuidelineSpecifiedDocumentContextParameter'), 'ID', EN16931_GUIDELINE);
  const header = root.ele(NS.rsm, 'rsm:ExchangedDocument');
  text(header, 'ID', inv.number);
  text(header, 'TypeCode', inv.typeCode);
  header.ele(NS.ram, 'ram:IssueDateTime').ele(NS.udt, 'udt:DateTimeString', { format: '102' }).txt(date102(inv.issueDate));
  for (const n of inv.notes) {
    const note = header.ele(NS.ram, 'ram:IncludedNote');
    text(note, 'Content', n.content);
    text(note, 'SubjectCode', n.subject);
  }
  const tx = root.ele(NS.rsm, 'rsm:SupplyChainTradeTransaction');
  lines(tx, inv);
  agreement(tx, inv);
  delivery(tx, inv);
  settlement(tx, inv);
  return doc.end({ prettyPrint: true });
}

