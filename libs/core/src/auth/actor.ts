import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

export enum Role {
  ADMIN = 'ADMIN',
  PUBLISHER = 'PUBLISHER',
  LEGAL = 'LEGAL',
  SIGNER = 'SIGNER',
  BUYER = 'BUYER',
  FINANCE = 'FINANCE',
}

/** Who is calling: a user through a session, or an organisation's API key. */
export interface Actor {
  kind: 'USER' | 'API_KEY';
  userId: string | null;
  apiKeyId: string | null;
  organizationId: string;
  organizationKind: string;
  organizationVerified: boolean;
  /** The organisation's registered country and VAT number (they decide VAT on prices). */
  organizationCountry: string;
  organizationVatNumber: string | null;
  roles: Role[];
}

export const IS_PUBLIC = 'isPublic';
/** The operation may be called without a token (the actor is then null). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const REQUIRED_ROLES = 'requiredRoles';
/** The caller must hold at least one of these roles in its organisation. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export interface RequestContext {
  req: { actor?: Actor | null; headers: Record<string, string | string[] | undefined>; ip?: string };
  loaders?: Map<string, unknown>;
}

export function requestFromContext(ctx: ExecutionContext): RequestContext['req'] {
  if (ctx.getType<string>() === 'graphql') return GqlExecutionContext.create(ctx).getContext<RequestContext>().req;
  return ctx.switchToHttp().getRequest();
}

/** The authenticated actor, or null on a public operation called without a token. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => requestFromContext(ctx).actor ?? null);
