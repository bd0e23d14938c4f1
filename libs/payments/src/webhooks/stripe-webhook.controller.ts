import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { Public } from '@app/core';
import { StripeWebhookService } from './stripe-webhook.service';

/** Stripe calls this with a signed event; 400 when the signature fails, 200 once recorded (or already). */
@Controller('stripe')
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  @Public()
  @Post('webhooks')
  @HttpCode(200)
  receive(@Req() req: { rawBody?: Buffer }, @Headers('stripe-signature') signature?: string) {
    return this.webhooks.receive(req.rawBody, signature);
  }
}
