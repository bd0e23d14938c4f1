import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CentsScalar, ConnectionType } from '@app/core';

export enum BillKindEnum { SIGNATURE = 'SIGNATURE', USAGE = 'USAGE', CLOSING = 'CLOSING', LATE_USAGE = 'LATE_USAGE', WITHDRAWAL = 'WITHDRAWAL' }
export enum BillStatusEnum { ISSUED = 'ISSUED', CANCELLED = 'CANCELLED' }
export enum InvoiceStatusEnum { ISSUED = 'ISSUED', PARTIALLY_CREDITED = 'PARTIALLY_CREDITED', CREDITED = 'CREDITED' }
export enum InvoiceDocumentType { INVOICE = 'INVOICE', CREDIT_NOTE = 'CREDIT_NOTE' }
registerEnumType(BillKindEnum, { name: 'BillKind', description: 'SIGNATURE: fees due at signature; USAGE: a calendar month of metered usage, in arrears; CLOSING: the last month at expiry or termination; LATE_USAGE: usage of a month recorded after its bill, invoiced by a supplement (the month priced on all its usage, less what its bills invoiced); WITHDRAWAL: the costs already incurred when the buyer withdrew a quoted request before signature (it has no agreement)' });
registerEnumType(BillStatusEnum, { name: 'BillStatus', description: 'CANCELLED: every invoice of the bill was credited in full by credit notes' });
registerEnumType(InvoiceStatusEnum, { name: 'InvoiceStatus' });
registerEnumType(InvoiceDocumentType, { name: 'InvoiceDocumentType', description: 'INVOICE (type 380) or CREDIT_NOTE (type 381)' });

@ObjectType('InvoiceLine', { description: 'One line of an invoice or credit note, excl. VAT' })
export class InvoiceLineModel {
  @Field({ description: 'BT-126: what a partial credit note names' }) id: string;
  @Field({ description: 'The tariff line code' }) code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: 'How the amount was obtained (and which share of the line)' }) description: string | null;
  @Field() quantity: string;
  @Field({ description: 'UN/ECE rec. 20 unit code' }) unitCode: string;
  @Field(() => CentsScalar) netPriceCents: number;
  @Field(() => CentsScalar) amountCents: number;
  @Field({ description: 'S, AE (reverse charge), O (out of scope), E (franchise)' }) vatCategory: string;
  @Field(() => Int) vatRateBp: number;
}

@ObjectType('InvoiceDispatchEvent', { description: 'A lifecycle status reported by the approved platform (PA) or Chorus Pro' })
export class InvoiceDispatchEventModel {
  @Field() channel: string;
  @Field({ description: '200 Déposée, 202 Reçue, 204 Prise en charge, 205 Approuvée, 207 En litige, 211 Paiement transmis, 212 Encaissée…' }) statusCode: string;
  @Field() statusLabel: string;
  @Field(() => String, { nullable: true }) externalId: string | null;
  @Field(() => String, { nullable: true }) detail: string | null;
  @Field() reportedAt: Date;
}

@ObjectType('Invoice', { description: 'An invoice or credit note of one seller, issued by the platform in its name (billing mandate); immutable' })
export class InvoiceModel {
  @Field(() => ID) id: string;
  @Field({ description: 'In the seller\'s gapless series' }) number: string;
  @Field(() => InvoiceDocumentType) documentType: InvoiceDocumentType;
  @Field(() => BillKindEnum) kind: BillKindEnum;
  @Field(() => ID) billId: string;
  @Field(() => ID, { nullable: true, description: 'Null on a WITHDRAWAL bill\'s invoices: the request never became an agreement' }) agreementId: string | null;
  @Field({ description: 'YYYY-MM-DD' }) issueDate: string;
  @Field({ description: 'YYYY-MM-DD' }) dueDate: string;
  @Field({ description: 'First day of the billed period' }) periodStart: string;
  @Field({ description: 'Last day of the billed period' }) periodEnd: string;
  @Field() currency: string;
  @Field(() => CentsScalar) netCents: number;
  @Field(() => CentsScalar) vatCents: number;
  @Field(() => CentsScalar) totalCents: number;
  @Field(() => InvoiceStatusEnum) status: InvoiceStatusEnum;
  @Field(() => String, { nullable: true, description: 'The last status the PA or Chorus Pro reported; null when not dispatched (download only)' }) dispatchStatus: string | null;
  @Field(() => String, { nullable: true, description: 'Why a credit note was issued' }) creditReason: string | null;
  @Field({ description: 'GET with the bearer token: the Factur-X PDF/A-3 (the CII XML embedded)' }) pdfUrl: string;
  @Field({ description: 'GET with the bearer token: the CII XML (factur-x.xml)' }) xmlUrl: string;
  sellerId: string;
  buyerId: string;
  precedingInvoiceId: string | null;
}

@ObjectType('Bill', { description: 'One billing event of an agreement (or the withdrawal of a quoted request): one invoice per contributor, paid at once with the bill\'s number as reference' })
export class BillModel {
  @Field(() => ID) id: string;
  @Field({ description: 'The reference the buyer pays with (BT-83 on every invoice)' }) number: string;
  @Field(() => BillKindEnum) kind: BillKindEnum;
  @Field(() => ID, { nullable: true, description: 'Null for a WITHDRAWAL bill: the request was withdrawn before it became an agreement' }) agreementId: string | null;
  @Field(() => String, { nullable: true, description: 'The agreement\'s number, the contract reference (BT-12) on its invoices; null for a WITHDRAWAL bill, whose invoices name the access request (accessRequestNumber)' }) agreementNumber: string | null;
  @Field(() => ID, { description: 'The access request the bill comes from' }) accessRequestId: string;
  @Field({ description: 'Its number (AR-…)' }) accessRequestNumber: string;
  @Field() periodStart: string;
  @Field() periodEnd: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM of a usage, closing or late-usage bill' }) usageMonth: string | null;
  @Field(() => Int, { description: '0, or n for the n-th LATE_USAGE supplement of its month' }) supplement: number;
  @Field() issueDate: string;
  @Field() dueDate: string;
  @Field() currency: string;
  @Field(() => CentsScalar) netCents: number;
  @Field(() => CentsScalar) vatCents: number;
  @Field(() => CentsScalar) totalCents: number;
  @Field(() => BillStatusEnum) status: BillStatusEnum;
  @Field(() => Date, { nullable: true }) cancelledAt: Date | null;
  buyerId: string;
  networkId: string;
}

@ObjectType('MonthlyBillingRun')
export class MonthlyBillingRunModel {
  @Field() month: string;
  @Field(() => Int, { description: 'Agreements whose period overlaps the month' }) agreements: number;
  @Field(() => [ID], { description: 'Bills issued by this run, LATE_USAGE supplements included' }) issuedBillIds: string[];
  @Field(() => [ID], { description: 'The LATE_USAGE supplements among them: usage of the month recorded after its bill' }) lateUsageBillIds: string[];
  @Field(() => Int) alreadyBilled: number;
  @Field(() => Int) nothingToInvoice: number;
  @Field(() => [String], { description: 'Agreements not billed, with the reason; the next run tries again' }) failures: string[];
}

@ObjectType('BillingSettings', { description: 'What invoices need of an organisation beyond its legal identity' })
export class BillingSettingsModel {
  @Field(() => ID) organizationId: string;
  @Field(() => String, { nullable: true, description: 'BT-34/BT-49 scheme (0225 French directory); null: the default' }) electronicAddressScheme: string | null;
  @Field(() => String, { nullable: true }) electronicAddressId: string | null;
  @Field({ description: 'STANDARD or FRANCHISE (art. 293 B CGI)' }) vatRegime: string;
  @Field(() => String, { nullable: true }) legalInformation: string | null;
  @Field(() => String, { nullable: true, description: 'Chorus Pro service code (BT-10)' }) serviceCode: string | null;
  @Field(() => String, { nullable: true, description: 'Commitment number (BT-13)' }) commitmentNumber: string | null;
  @Field() serviceCodeRequired: boolean;
  @Field() commitmentNumberRequired: boolean;
  @Field(() => String, { nullable: true, description: 'PA or CHORUS_PRO; null: invoices are available for download only' }) dispatchChannel: string | null;
}

export const InvoiceConnection = ConnectionType(InvoiceModel, 'Invoice');
export const BillConnection = ConnectionType(BillModel, 'Bill');
