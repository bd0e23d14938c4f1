import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { Actor, BadInputError, CurrentActor } from '@app/core';
import { UnreadableEvent } from './engine';
import { UsageService } from './usage.service';

export const MAX_EVENTS_PER_REQUEST = 10_000;
const FORMATS = 'a JSON array of events (application/json), { "events": [...] }, or one event per line (application/x-ndjson)';

/** The bulk endpoint of secure environments: the same checks and answer as recordUsage, ten times the batch. */
@Controller()
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Post('usage-events')
  @HttpCode(200)
  ingest(@CurrentActor() actor: Actor, @Req() req: { body?: unknown }) {
    return this.usage.record(actor, eventsOf(req.body), MAX_EVENTS_PER_REQUEST);
  }
}

/** The events of a request body: parsed JSON, or the raw NDJSON bytes (a line that is not JSON is refused alone). */
function eventsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (Buffer.isBuffer(body)) {
    const lines = body.toString('utf8').split('\n').filter((l) => l.trim() !== '');
    if (lines.length > MAX_EVENTS_PER_REQUEST) {
      throw BadInputError.field('body', `at most ${MAX_EVENTS_PER_REQUEST.toLocaleString('en')} events per request; got ${lines.length.toLocaleString('en')} lines: split the batch`);
    }
    return lines.map((line, i) => {
      try {
        return JSON.parse(line);
      } catch {
        return new UnreadableEvent(`line ${i + 1} is not JSON: send one event object per line`);
      }
    });
  }
  const events = (body as { events?: unknown } | undefined)?.events;
  if (Array.isArray(events)) return events;
  throw BadInputError.field('body', `must be ${FORMATS}`);
}
