import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { Actor, BadInputError, CurrentActor, UuidPipe } from '@app/core';
import { LOCALES, type Locale } from './engine';
import { LicencePreviewService } from './licence-preview.service';

/** The preview PDF of a licence, downloaded with the caller's bearer token. */
@Controller()
export class LicencePreviewController {
  constructor(private readonly previews: LicencePreviewService) {}

  @Get('licences/:versionId/preview.pdf')
  async preview(
    @CurrentActor() actor: Actor,
    @Param('versionId', UuidPipe) versionId: string,
    @Query('locale') locale: string | undefined,
    @Query('offeringId', UuidPipe) offeringId: string | undefined,
  ): Promise<StreamableFile> {
    const lang = locale === undefined ? 'fr' : String(locale).toLowerCase();
    if (!LOCALES.includes(lang as Locale)) throw BadInputError.field('locale', `must be one of ${LOCALES.join(', ')} (got "${String(locale).slice(0, 20)}")`);
    const { pdf, rendered } = await this.previews.pdf(actor, versionId, lang as Locale, offeringId);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="${rendered.templateKey}-${rendered.templateVersion}-preview-${lang}.pdf"`,
      length: pdf.length,
    });
  }
}
