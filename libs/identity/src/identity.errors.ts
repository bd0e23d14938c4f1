import { declareErrorReasons } from '@app/core';

/** Why identity refuses, where a client must tell cases apart: `extensions.reason` beside the code. */
export enum IdentityReason {
  /** TOO_MANY_REQUESTS: failed sign-ins of this e-mail; any password is refused until retryAfterSeconds. */
  SIGN_IN_LOCKED = 'SIGN_IN_LOCKED',
  /** TOO_MANY_REQUESTS: failed sign-ins from the client's address, whatever the e-mail. */
  ADDRESS_LOCKED = 'ADDRESS_LOCKED',
  /** TOO_MANY_REQUESTS: reset requests for this e-mail or from this address. */
  PASSWORD_RESET_LIMITED = 'PASSWORD_RESET_LIMITED',
  /** BAD_USER_INPUT: the reset code is unknown, used or expired. */
  RESET_TOKEN_INVALID = 'RESET_TOKEN_INVALID',
}
declareErrorReasons('identity', IdentityReason);
