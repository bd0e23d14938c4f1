import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { Actor, CurrentActor, UuidPipe } from '@app/core';
import { BillingService } from './billing.service';
import { CommissionInvoiceService } from './commission/commission-invoice.service';

/** Invoice files over HTTP, for the FINANCE and ADMIN members who may read them (the bearer token as on GraphQL). */
@Controller()
export class BillingController {
  constructor(private readonly billing: BillingService, private readonly commissions: CommissionInvoiceService) {}

  @Get('invoices/:id.pdf')
  async pdf(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const { number, pdf } = await this.billing.pdf(actor, id);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${number}.pdf"`, length: pdf.length });
  }

  @Get('invoices/:id.xml')
  async xml(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const { number, xml } = await this.billing.xml(actor, id);
    const body = Buffer.from(xml, 'utf8');
    return new StreamableFile(body, { type: 'text/xml; charset=utf-8', disposition: `attachment; filename="${number}-factur-x.xml"`, length: body.length });
  }

  @Get('commission-invoices/:id.pdf')
  async commissionPdf(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const { number, pdf } = await this.commissions.pdf(actor, id);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${number}.pdf"`, length: pdf.length });
  }

  @Get('commission-invoices/:id.xml')
  async commissionXml(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const { number, xml } = await this.commissions.xml(actor, id);
    const body = Buffer.from(xml, 'utf8');
    return new StreamableFile(body, { type: 'text/xml; charset=utf-8', disposition: `attachment; filename="${number}-factur-x.xml"`, length: body.length });
  }
}
