import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '@app/catalog';
import { ContractingModule } from '@app/contracting';
import { IdentityModule } from '@app/identity';
import { MeteringModule } from '@app/metering';
import { PricingModule } from '@app/pricing';
import { BillIssuer } from './bill-issuer';
import { BillingParties } from './billing-parties';
import { BillingRunService } from './billing-run.service';
import { BillEntity, InvoiceDispatchEventEntity, InvoiceEntity } from './billing.entities';
import { BillingService } from './billing.service';
import { BillingController } from './billing.controller';
import { BillingLoaders } from './billing.loaders';
import { BillResolver, InvoiceResolver } from './billing.resolver';
import { BillAtExpiry, BillAtSignature, BillAtTermination, BillAtWithdrawal, DispatchBillInvoices, RenderBillPdfs, RenderCreditNotePdfs } from './billing.subscribers';
import { InvoiceDispatch } from './dispatch/dispatch.service';
import { CommissionInvoiceResolver } from './commission/commission-invoice.resolver';
import { CommissionInvoiceService } from './commission/commission-invoice.service';

/** Invoicing: bills and their contributors' invoices issued from the agreements' events and the monthly run, credit notes, documents. */
@Module({
  imports: [
    IdentityModule, CatalogModule, PricingModule, ContractingModule, MeteringModule,
    TypeOrmModule.forFeature([BillEntity, InvoiceEntity, InvoiceDispatchEventEntity]),
  ],
  controllers: [BillingController],
  providers: [
    BillingParties, BillIssuer, BillingService, BillingRunService, BillingLoaders, InvoiceResolver, BillResolver,
    BillAtSignature, BillAtExpiry, BillAtTermination, BillAtWithdrawal, RenderBillPdfs, RenderCreditNotePdfs, InvoiceDispatch, DispatchBillInvoices,
    CommissionInvoiceService, CommissionInvoiceResolver,
  ],
  exports: [BillingService, BillingRunService, BillingParties, InvoiceDispatch, CommissionInvoiceService],
})
export class BillingModule {}
