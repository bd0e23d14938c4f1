// Domain events: what happened in one library that others may react to. A library declares
// the events it publishes in one file (`<library>.events.ts`); declaring one registers its
// name here, so that every process that loads the library creates its queue at start.

/** An event name and the type of its payload (plain JSON: ids, dates as ISO strings, integers). */
export interface DomainEvent<P> {
  readonly name: string;
  /** Carries the payload type only; never set. */
  readonly payloadType?: P;
}

/** What a subscriber receives: the event's id (also its pg-boss job id), its name, when it happened and its payload. */
export interface EventEnvelope<P> {
  id: string;
  event: string;
  occurredAt: string;
  payload: P;
}

export type PayloadOf<E> = E extends DomainEvent<infer P> ? P : never;

const NAME = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;
const declared = new Map<string, DomainEvent<unknown>>();

/** Declares an event `<entity>.<what happened>`, e.g. `agreement.sealed`; a name is declared once. */
export function domainEvent<P>(name: string): DomainEvent<P> {
  if (!NAME.test(name)) throw new Error(`Event name "${name}" must read <entity>.<past participle>, lower case, e.g. agreement.sealed`);
  if (declared.has(name)) throw new Error(`Event "${name}" is declared twice`);
  const event: DomainEvent<P> = { name };
  declared.set(name, event);
  return event;
}

/** Every event declared by the libraries this process loaded. */
export function declaredEvents(): DomainEvent<unknown>[] {
  return [...declared.values()];
}
