import { OrganizationEntity } from './identity.entities';

// The reads of every authenticated request and of every page that shows organisations:
// fixed SQL, prepared once per connection (SqlReader with a name).

export const API_KEY_ACTOR_SQL = `SELECT k.id, k.roles, o.id AS org_id, o.kind, o.verified_at, o.country, o.vat_number,
        EXISTS (SELECT 1 FROM memberships cm WHERE cm.user_id = k.created_by AND cm.organization_id = k.organization_id) AS creator_is_member
   FROM api_keys k JOIN organizations o ON o.id = k.organization_id
  WHERE k.token_hash = $1 AND k.revoked_at IS NULL`;

export const SESSION_ACTOR_SQL = `SELECT s.user_id, m.roles, o.id AS org_id, o.kind, o.verified_at, o.country, o.vat_number
   FROM sessions s
   JOIN memberships m ON m.user_id = s.user_id AND m.organization_id = s.organization_id
   JOIN organizations o ON o.id = s.organization_id
  WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`;

export const ORGANIZATIONS_BY_IDS_SQL = `SELECT id, name, kind, siren, siret, vat_number, address_line, postal_code, city, country,
  verified_at, refused_at, refusal_reason, created_at, updated_at FROM organizations WHERE id = ANY($1::uuid[])`;

export function organizationFromRow(r: Record<string, any>): OrganizationEntity {
  return {
    id: r.id, name: r.name, kind: r.kind, siren: r.siren, siret: r.siret, vatNumber: r.vat_number, addressLine: r.address_line,
    postalCode: r.postal_code, city: r.city, country: r.country, verifiedAt: r.verified_at,
    refusedAt: r.refused_at, refusalReason: r.refusal_reason, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
