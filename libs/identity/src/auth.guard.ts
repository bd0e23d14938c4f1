import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ROLES, Role, UnauthenticatedError, requestFromContext } from '@app/core';
import { IdentityService } from './identity.service';
import { requireRole } from './roles.policy';

/** Global guard: every operation needs a bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly identity: IdentityService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = requestFromContext(ctx);
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    if (req.actor === undefined) {
      const token = bearerToken(req.headers.authorization);
      req.actor = token ? await this.identity.authenticate(token) : null;
    }
    if (!req.actor) {
      if (isPublic) return true;
      throw new UnauthenticatedError();
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length) requireRole(req.actor, ...roles);
    return true;
  }
}

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
  return match[1];
}
