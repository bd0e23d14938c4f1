export * from './ledger.module';
export * from './ledger.service';
// Entities are types to others: they read the ledger through LedgerService.
export type { LedgerEntryEntity, LedgerLineEntity } from './ledger.entities';
export * from './engine';
