export * from './domain-event';
export * from './domain-events';
export * from './event-subscriber';
export * from './event-delivery';
