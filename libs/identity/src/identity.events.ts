import { domainEvent } from '@app/core';

/** The events identity publishes, in the transaction of the change. */

/** The platform operator verified an organisation: a producer's published offerings may now be listed. */
export const OrganizationVerified = domainEvent<{ organizationId: string; kind: string; verifiedAt: string }>('organization.verified');
