import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ContractingModule } from '@app/contracting';
import { PricingModule } from '@app/pricing';
import { UsageController } from './usage.controller';
import { UsageEventStore } from './usage-event.store';
import { UsageResolver } from './usage.resolver';
import { UsageService } from './usage.service';

// Express ships no type declarations here (no @types/express installed): only its raw body parser is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { raw } = require('express') as { raw(options: { type: string; limit: string }): (req: unknown, res: unknown, next: () => void) => void };

/** Usage metering: events reported by secure environments, summed per month, priced with each agreement's frozen tariff. */
@Module({
  imports: [ContractingModule, PricingModule],
  controllers: [UsageController],
  providers: [UsageEventStore, UsageService, UsageResolver],
  exports: [UsageService],
})
export class MeteringModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(raw({ type: 'application/x-ndjson', limit: '10mb' })).forRoutes({ path: 'usage-events', method: RequestMethod.POST });
  }
}
