export * from './metering.module';
export * from './usage.service';
export { UsageRefusalCode, type UsageRefusal } from './engine';
export type { MeterTotal, MonthTotals } from './usage-event.store';
