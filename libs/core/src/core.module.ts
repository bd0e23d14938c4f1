import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit/audit.entity';
import { AuditService } from './audit/audit.service';
import { SqlReader } from './database/sql-reader';
import { DomainEvents } from './events/domain-events';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  providers: [AuditService, DomainEvents, SqlReader],
  exports: [AuditService, DomainEvents, SqlReader],
})
export class CoreModule {}
