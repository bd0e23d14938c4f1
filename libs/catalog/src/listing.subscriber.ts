import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, EventSubscriber, HandlesEvent, PayloadOf } from '@app/core';
import { IdentityService, OrganizationVerified } from '@app/identity';
import { refreshListing } from './offering.service';

/** A producer's published offerings enter the public catalog once the platform has verified it. */
@EventSubscriber({ name: 'catalog.list-verified-producer', event: OrganizationVerified })
@Injectable()
export class ListVerifiedProducer implements HandlesEvent<PayloadOf<typeof OrganizationVerified>> {
  constructor(private readonly identity: IdentityService) {}

  async handle(event: EventEnvelope<PayloadOf<typeof OrganizationVerified>>, m: EntityManager): Promise<void> {
    const producerId = event.payload.organizationId;
    // Waits for a publication of this producer in progress, so the refresh below sees it committed.
    await m.query(`SELECT id FROM offerings WHERE producer_id = $1 ORDER BY id FOR UPDATE`, [producerId]);
    const verified = (await this.identity.organization(producerId, m)).verifiedAt !== null;
    await refreshListing(m, verified, 'o.producer_id = $1', [producerId]);
  }
}
