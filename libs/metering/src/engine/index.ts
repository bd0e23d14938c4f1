// The framework-free face of metering: checking one usage event, and the refusal codes.
export * from './usage-event';
export * from './usage-refusal';
