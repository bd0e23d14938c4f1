import type { BillingPartySettings } from './billing-parties';
import type { BillEntity, InvoiceEntity } from './billing.entities';
import { BillKindEnum, BillModel, BillStatusEnum, BillingSettingsModel, InvoiceDocumentType, InvoiceModel, InvoiceStatusEnum } from './billing.models';

export function toInvoiceModel(i: InvoiceEntity, baseUrl: string): InvoiceModel {
  return {
    id: i.id, number: i.number, documentType: i.typeCode === '381' ? InvoiceDocumentType.CREDIT_NOTE : InvoiceDocumentType.INVOICE,
    kind: i.kind as BillKindEnum, billId: i.billId, agreementId: i.agreementId, issueDate: i.issueDate, dueDate: i.dueDate,
    periodStart: i.periodStart, periodEnd: i.periodEnd, currency: i.currency, netCents: i.netCents, vatCents: i.vatCents, totalCents: i.totalCents,
    status: i.status as InvoiceStatusEnum, dispatchStatus: i.dispatchStatus, creditReason: i.creditReason,
    pdfUrl: `${baseUrl}/invoices/${i.id}.pdf`, xmlUrl: `${baseUrl}/invoices/${i.id}.xml`,
    sellerId: i.sellerId, buyerId: i.buyerId, precedingInvoiceId: i.precedingInvoiceId,
  };
}

export function toBillModel(b: BillEntity): BillModel {
  return {
    id: b.id, number: b.number, kind: b.kind as BillKindEnum, agreementId: b.agreementId, agreementNumber: b.agreementNumber,
    accessRequestId: b.requestId, accessRequestNumber: b.requestNumber,
    periodStart: b.periodStart, periodEnd: b.periodEnd, usageMonth: b.usageMonth ? b.usageMonth.slice(0, 7) : null, supplement: b.supplement, issueDate: b.issueDate,
    dueDate: b.dueDate, currency: b.currency, netCents: b.netCents, vatCents: b.vatCents, totalCents: b.totalCents,
    status: b.status as BillStatusEnum, cancelledAt: b.cancelledAt, buyerId: b.buyerId, networkId: b.networkId,
  };
}

export function toBillingSettingsModel(s: BillingPartySettings): BillingSettingsModel {
  return {
    organizationId: s.organizationId, electronicAddressScheme: s.electronicAddress?.scheme ?? null, electronicAddressId: s.electronicAddress?.id ?? null,
    vatRegime: s.vatRegime, legalInformation: s.legalInformation, serviceCode: s.serviceCode, commitmentNumber: s.commitmentNumber,
    serviceCodeRequired: s.serviceCodeRequired, commitmentNumberRequired: s.commitmentNumberRequired, dispatchChannel: s.dispatchChannel,
  };
}
