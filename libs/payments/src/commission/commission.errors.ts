import { declareErrorReasons } from '@app/core';

/** Cases of the commission's errors a client branches on (`extensions.reason`). */
export enum CommissionReason {
  /** The agreement is sealed: its commission rate is frozen and no longer changes. */
  COMMISSION_FROZEN = 'COMMISSION_FROZEN',
  /** The month asked for is not over yet: a month's commission is invoiced once it has ended. */
  MONTH_NOT_OVER = 'MONTH_NOT_OVER',
}
declareErrorReasons('payments', CommissionReason);
