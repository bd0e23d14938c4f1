// Every kind of invoice the platform issues, built once for the specs that check them
// (conformance of the XML, the PDF): French B2B 20 %, German reverse charge before and after
// the CIBS date, Swiss and US out of scope, a public buyer on Chorus Pro, a franchise seller,
// a network's three share invoices, a partial and a whole credit note, and the platform's own
// commission invoices (a French seller with a commission given back, an EU seller under
// reverse charge). Not exported by the library.

import { computeQuote, priceUsage, QuoteRequest, UsagePricingRequest } from '@app/pricing';
import { assembleCreditNote, assembleInvoice, invoiceForShare } from '../engine/build-invoice';
import { commissionInvoiceDraft, commissionItems, type CommissionPosition } from '../engine/commission-invoice';
import { BillContributor, splitBill } from '../engine/split-bill';
import {
  billingTariff,
  CHU_LYON,
  CHU_MARSEILLE,
  CHU_PARIS,
  FRENCH_PHARMA,
  GERMAN_PHARMA,
  PLATFORM,
  PLATFORM_PAYMENT,
  PUBLIC_AGENCY,
  REGISTRY_FRANCHISE,
  shareContext,
  SWISS_BIOTECH,
  US_PHARMA,
} from '../engine/test-fixtures';
import { Invoice, InvoiceBuyer, InvoiceSeller } from '../engine/types';

const SIGNATURE: Omit<QuoteRequest, 'buyer'> = { records: 123457, months: 12 };
const single = (seller: InvoiceSeller): BillContributor[] => [{ id: seller.siren, position: 0, weight: 1, vatRegime: seller.vatRegime }];

function signatureInvoice(seller: InvoiceSeller, buyer: InvoiceBuyer, number: string, issueDate: string, request: Partial<QuoteRequest> = {}): Invoice {
  const quote = computeQuote(
    billingTariff(),
    { ...SIGNATURE, ...request, buyer: { category: buyer.kind, country: buyer.address.country, vatNumber: buyer.vatNumber } },
    { locale: 'fr' },
  );
  const split = splitBill(quote, single(seller));
  return invoiceForShare(split.shares[0], split, shareContext(seller, buyer, number, issueDate));
}

function usageInvoice(seller: InvoiceSeller, buyer: InvoiceBuyer, number: string, month: string, issueDate: string): Invoice {
  const usage: UsagePricingRequest = {
    buyer: { category: buyer.kind, country: buyer.address.country, vatNumber: buyer.vatNumber },
    quantities: { COMPUTE_HOURS: '412.5', STORAGE_GB_MONTHS: '1250.75', API_CALLS: 1_234_567 },
  };
  const priced = priceUsage(billingTariff(), usage, { locale: 'fr' });
  const split = splitBill(priced, single(seller));
  const [y, m] = month.split('-').map(Number);
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return invoiceForShare(split.shares[0], split, {
    ...shareContext(seller, buyer, number, issueDate),
    billingPeriod: { start: `${month}-01`, end },
    deliveryDate: end,
  });
}

export const networkQuote = computeQuote(
  billingTariff(),
  { ...SIGNATURE, purpose: 'AI_TRAINING', buyer: { category: 'PHARMA', country: 'FR', vatNumber: FRENCH_PHARMA.vatNumber } },
  { locale: 'fr' },
);
const networkSplit = splitBill(networkQuote, [
  { id: 'paris', position: 0, weight: 50, vatRegime: 'STANDARD' },
  { id: 'lyon', position: 1, weight: 30, vatRegime: 'STANDARD' },
  { id: 'marseille', position: 2, weight: 20, vatRegime: 'STANDARD' },
]);
export const network = [CHU_PARIS, CHU_LYON, CHU_MARSEILLE].map((seller, i) =>
  invoiceForShare(networkSplit.shares[i], networkSplit, shareContext(seller, FRENCH_PHARMA, `${seller.siren}-2026-000017`, '2026-09-15')),
);

export const frB2b = signatureInvoice(CHU_PARIS, FRENCH_PHARMA, 'CHUP-2026-000001', '2026-09-15', { purpose: 'AI_TRAINING' });

/** The platform as the seller of its commission, the seller invoiced as its buyer. */
const PLATFORM_SELLER: InvoiceSeller = {
  name: PLATFORM.name, address: { line1: '10 rue de la Santé', postcode: '75014', city: 'Paris', country: 'FR' }, siren: PLATFORM.siren, siret: null,
  vatNumber: 'FR39752000018', electronicAddress: { scheme: '0225', id: PLATFORM.siren }, vatRegime: 'STANDARD', legalInformation: 'SAS au capital de 10 000 EUR',
};
const asCustomer = (s: InvoiceSeller): InvoiceBuyer => ({ name: s.name, address: s.address, kind: 'HOSPITAL' as InvoiceBuyer['kind'], siren: s.siren, siret: s.siret, vatNumber: s.vatNumber, electronicAddress: s.electronicAddress });
const commissionPosition = (n: number, over: Partial<CommissionPosition>): CommissionPosition => ({
  billId: `bill-${n}`, billNumber: `BILL-2026-00001${n}`, sellerInvoiceId: `invoice-${n}`, sellerInvoiceNumber: `267500049-F00004${n}`, issuedOn: `2026-10-1${n}`,
  rateBp: 1000, shareNetCents: 1_234_567, chargedNetCents: 123_457, reversedNetCents: 0, ...over,
});
function commissionInvoice(customer: InvoiceBuyer, number: string, positions: CommissionPosition[], invoicedBefore: Map<string, number>): Invoice {
  return assembleInvoice(commissionInvoiceDraft({
    number, issueDate: '2026-11-01', paymentTermsDays: 0, month: '2026-10', lastDay: '2026-10-31', platform: PLATFORM_SELLER, customer,
    payment: { ...PLATFORM_PAYMENT, payee: null, accountName: PLATFORM.name },
  }, commissionItems(positions, invoicedBefore)));
}

export const INVOICES: Record<string, Invoice> = {
  'fr-b2b': frB2b,
  'de-reverse-charge': usageInvoice(CHU_PARIS, GERMAN_PHARMA, 'CHUP-2026-000002', '2026-07', '2026-08-03'),
  'de-reverse-charge-cibs': usageInvoice(CHU_PARIS, GERMAN_PHARMA, 'CHUP-2026-000003', '2026-09', '2026-10-01'),
  'ch-out-of-scope': signatureInvoice(CHU_LYON, SWISS_BIOTECH, 'HCL/2026/0001', '2026-09-15'),
  'us-out-of-scope': signatureInvoice(CHU_LYON, US_PHARMA, 'HCL/2026/0002', '2026-06-30'),
  'public-chorus-pro': signatureInvoice(CHU_MARSEILLE, PUBLIC_AGENCY, 'APHM-2026-000001', '2026-09-15'),
  'franchise-seller': signatureInvoice(REGISTRY_FRANCHISE, FRENCH_PHARMA, 'RRC-2026-0001', '2026-07-10'),
  'network-paris': network[0],
  'network-lyon': network[1],
  'network-marseille': network[2],
  'credit-note-partial': assembleCreditNote(network[0], { number: `${CHU_PARIS.siren}-2026-A00001`, issueDate: '2026-09-20', lines: [{ lineId: '1', amountCents: 12345 }] }),
  'credit-note-whole': assembleCreditNote(frB2b, { number: 'CHUP-2026-A00002', issueDate: '2026-10-02' }),
  // two invoices of the month, the first partly refunded; a commission of September given back in October
  'commission-fr': commissionInvoice(asCustomer(CHU_PARIS), '752000018-C000001', [
    commissionPosition(1, { reversedNetCents: 20_000 }), commissionPosition(2, { shareNetCents: 50_005, chargedNetCents: 5_001 }),
    commissionPosition(3, { issuedOn: '2026-09-28', chargedNetCents: 40_000, reversedNetCents: 10_000 }),
  ], new Map([['bill-3', 40_000]])),
  'commission-de-reverse-charge': commissionInvoice(GERMAN_PHARMA, '752000018-C000002', [commissionPosition(4, {})], new Map()),
};
