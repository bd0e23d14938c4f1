export * from './metering.module';
export * from './usage.service';
export * from './usage.errors';
export type { MeterTotal, MonthTotals } from './usage-event.store';
