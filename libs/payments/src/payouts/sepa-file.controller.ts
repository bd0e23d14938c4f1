import { Controller, Get, Param, Res } from '@nestjs/common';
import { Actor, CurrentActor, ForbiddenError, NotFoundError, Role, Roles, UuidPipe } from '@app/core';
import { PayoutRunService } from './payout-run.service';

/** The pain.001 files of the payout runs, for the platform's FINANCE members to hand to the bank. */
@Controller('payouts/sepa-files')
export class SepaFileController {
  constructor(private readonly payouts: PayoutRunService) {}

  @Roles(Role.FINANCE)
  @Get(':id.xml')
  async file(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() res: { setHeader(k: string, v: string): void; send(b: string): void }) {
    if (actor.organizationKind !== 'PLATFORM') throw new ForbiddenError("SEPA files debit the platform's account: only its FINANCE members read them");
    const file = await this.payouts.sepaFile(id);
    if (!file) throw new NotFoundError('SEPA file', id);
    res.setHeader('content-type', 'application/xml; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${file.messageId}.xml"`);
    res.send(file.xml);
  }
}
