import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { Actor, CurrentActor, UuidPipe } from '@app/core';
import { QuoteService } from './quote.service';

/** The quote document; the global guard authenticates the bearer token as on GraphQL. */
@Controller()
export class QuoteController {
  constructor(private readonly quotes: QuoteService) {}

  @Get('quotes/:id.pdf')
  async pdf(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const { number, pdf } = await this.quotes.pdf(actor, id);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${number}.pdf"`, length: pdf.length });
  }
}
