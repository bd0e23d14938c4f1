export * from './engine';
export * from './conformance/facturx-conformance';
export * from './billing.module';
export * from './billing.events';
export * from './billing.errors';
export * from './billing.service';
export * from './billing-run.service';
export { BillingParties, type BillingPartySettings, type DispatchChannel } from './billing-parties';
// Entities are types to others: they read billing's tables through BillingService.
export type { BillEntity, BillStatus, InvoiceDispatchEventEntity, InvoiceEntity, InvoiceStatus } from './billing.entities';
export * from './dispatch/invoice-dispatch';
export { InvoiceDispatch } from './dispatch/dispatch.service';
export { CommissionInvoiceService, type CommissionInvoiceItemRow, type CommissionInvoiceRow, type CommissionIssue } from './commission/commission-invoice.service';
