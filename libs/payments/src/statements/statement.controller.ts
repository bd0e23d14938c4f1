import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Actor, BadInputError, CurrentActor, Role, Roles, UuidPipe } from '@app/core';
import { statementCsv, statementPdf } from '../engine';
import { StatementService } from './statement.service';

/** A seller's monthly statement, GET /statements/2026-12.pdf or .csv (its FINANCE and ADMIN members; the platform with ?organizationId=). */
@Controller('statements')
export class StatementController {
  constructor(private readonly statements: StatementService) {}

  @Roles(Role.FINANCE, Role.ADMIN)
  @Get(':file')
  async file(@CurrentActor() actor: Actor, @Param('file') file: string, @Query('organizationId', UuidPipe) organizationId: string | undefined,
    @Res() res: { setHeader(k: string, v: string): void; send(b: Buffer | string): void }) {
    const m = /^(\d{4}-\d{2})\.(pdf|csv)$/.exec(file);
    if (!m) throw BadInputError.field('file', 'must be YYYY-MM.pdf or YYYY-MM.csv');
    const s = await this.statements.statement(actor, m[1], organizationId ?? null);
    res.setHeader('content-disposition', `attachment; filename="statement-${m[1]}.${m[2]}"`);
    if (m[2] === 'csv') {
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      return res.send(statementCsv(s));
    }
    res.setHeader('content-type', 'application/pdf');
    return res.send(await statementPdf(s));
  }
}
