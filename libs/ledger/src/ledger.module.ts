import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@app/identity';
import { LedgerEntryEntity, LedgerLineEntity } from './ledger.entities';
import { LedgerService } from './ledger.service';

/** The double-entry ledger: its one writer, balances and entries per organisation. */
@Module({
  imports: [IdentityModule, TypeOrmModule.forFeature([LedgerEntryEntity, LedgerLineEntity])],
  providers: [LedgerService],
  exports: [LedgerService],
})
export class LedgerModule {}
