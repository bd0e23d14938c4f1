import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit/audit.entity';
import { AuditService } from './audit/audit.service';
import { DomainEvents } from './events/domain-events';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  providers: [AuditService, DomainEvents],
  exports: [AuditService, DomainEvents],
})
export class CoreModule {}
