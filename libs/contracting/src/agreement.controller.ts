import { Controller, Get, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import { Actor, BadInputError, CurrentActor, Public, UuidPipe } from '@app/core';
import { AgreementService } from './agreement.service';
import { toVerificationModel } from './agreement-views';

/** Agreement files over HTTP; the global guard authenticates the bearer token as on GraphQL. */
@Controller()
export class AgreementController {
  constructor(private readonly agreements: AgreementService) {}

  /** The PDF for one of the two parties: sealed once signed, unsigned before. */
  @Get('agreements/:id.pdf')
  async pdf(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const { number, pdf } = await this.agreements.pdf(actor, id);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${number}.pdf"`, length: pdf.length });
  }

  /** The same check as the verifyAgreement query, on a PDF posted as application/pdf. */
  @Public()
  @Post('agreements/verify')
  @HttpCode(200)
  async verify(@Req() req: { body?: unknown }) {
    if (!Buffer.isBuffer(req.body)) throw BadInputError.field('body', 'send the PDF file itself with "Content-Type: application/pdf" (at most 20 MB)');
    return toVerificationModel(await this.agreements.verify(req.body));
  }
}
