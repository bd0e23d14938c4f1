import { Args, Context, Extensions, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, BadInputError, ConnectionArgs, CurrentActor, LoaderContext, Public, RequestContext, UuidPipe, decodeCursor, toConnection, NO_PUBLIC_CACHE } from '@app/core';
import { IdentityLoaders, OrganizationModel, toOrganizationModel } from '@app/identity';
import { AccessRequestModel } from './access-request.models';
import { AgreementService } from './agreement.service';
import {
  AgreementLifecycleRunModel, AgreementModel, AgreementSignatureModel, AgreementVerificationModel, TransparencyRegisterConnection,
} from './agreement.models';
import { ContractingLoaders } from './contracting.loaders';
import { toAccessRequestModel, toAgreementModel, toSignatureModel } from './contracting.mappers';
import { toRegisterEntry, toVerificationModel } from './agreement-views';
import { AccessRequestService } from './access-request.service';

// 7 MB of PDF in base64, within the API's JSON body limit (10 MB); POST /agreements/verify takes 20 MB.
const MAX_PDF_BASE64 = Math.ceil((7 * 1024 * 1024) / 3) * 4;

@Resolver(() => AgreementModel)
export class AgreementResolver {
  constructor(
    private readonly service: AgreementService,
    private readonly requests: AccessRequestService,
    private readonly loaders: ContractingLoaders,
    private readonly identity: IdentityLoaders,
  ) {}

  @Query(() => AgreementModel, { description: 'An agreement of your organisation, as buyer or producer' })
  async agreement(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, UuidPipe) id: string): Promise<AgreementModel> {
    const { agreement, request } = await this.service.get(actor, id);
    return toAgreementModel(agreement, request);
  }

  @Mutation(() => AgreementModel, {
    description: 'A SIGNER of either party signs in the application (your IP address, user agent and the time are recorded); once both have signed, the platform seals the PDF',
  })
  async signAgreement(
    @CurrentActor() actor: Actor,
    @Context() ctx: RequestContext,
    @Args('agreementId', { type: () => ID }, UuidPipe) agreementId: string,
    @Args('consent', { description: 'Must be true: you sign on behalf of your organisation' }) consent: boolean,
    @Args('consentText', { description: 'The consent text shown to you and accepted, printed on the audit page' }) consentText: string,
    @Args('publishPrice', { defaultValue: false, description: 'Agree that the total price appears in the public transparency register (only when both parties agree)' }) publishPrice: boolean,
  ): Promise<AgreementModel> {
    const ua = ctx.req.headers['user-agent'];
    const agreement = await this.service.sign(actor, agreementId, consent, consentText, publishPrice, {
      ip: ctx.req.ip ?? '', userAgent: (Array.isArray(ua) ? ua[0] : ua) ?? '',
    });
    const { request } = await this.service.get(actor, agreementId);
    return toAgreementModel(agreement, request);
  }

  @Mutation(() => AgreementModel, { description: 'Either party (BUYER/PUBLISHER or ADMIN) ends a signed or active agreement early, giving a reason' })
  async terminateAgreement(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('reason', { description: 'Why, kept in the history' }) reason: string,
  ): Promise<AgreementModel> {
    const agreement = await this.service.terminate(actor, id, reason);
    const { request } = await this.service.get(actor, id);
    return toAgreementModel(agreement, request);
  }

  @Mutation(() => AgreementLifecycleRunModel, { description: 'Platform operator (ADMIN): activates agreements whose start date has come and expires those that ended; the worker runs it every 10 minutes' })
  async runAgreementLifecycle(@CurrentActor() actor: Actor): Promise<AgreementLifecycleRunModel> {
    return this.service.runLifecycle(actor);
  }

  @Public()
  @Query(() => AgreementVerificationModel, {
    description: 'Whether a PDF (base64) is an agreement issued here, unaltered, and who signed it when. Also: POST /agreements/verify with the PDF as application/pdf',
  })
  @Extensions(NO_PUBLIC_CACHE.extensions)
  async verifyAgreement(@Args('pdfBase64', { description: 'The PDF file, base64-encoded' }) pdfBase64: string): Promise<AgreementVerificationModel> {
    if (pdfBase64.length > MAX_PDF_BASE64) throw BadInputError.field('pdfBase64', 'is too large: at most 7 MB of PDF here; POST /agreements/verify takes up to 20 MB');
    return toVerificationModel(await this.service.verify(Buffer.from(pdfBase64, 'base64')));
  }

  @Public()
  @Query(() => TransparencyRegisterConnection, { description: 'Public register of signed agreements: who accesses which dataset for what purpose, when; the price only when both parties chose to publish it' })
  async transparencyRegister(@Args() args: ConnectionArgs) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.service.register(offset, args.first ?? 20);
    return toConnection(rows.map(toRegisterEntry), total, offset);
  }

  @ResolveField(() => [AgreementSignatureModel], { description: 'Signatures collected so far' })
  async signatures(@Parent() a: AgreementModel, @Context() ctx: LoaderContext): Promise<AgreementSignatureModel[]> {
    return (await this.loaders.signatures(ctx, a.id)).map(toSignatureModel);
  }

  @ResolveField(() => OrganizationModel, { description: 'The buyer party' })
  async buyer(@Parent() a: AgreementModel, @Context() ctx: LoaderContext): Promise<OrganizationModel> {
    return toOrganizationModel(await this.identity.organization(ctx, a.buyerId));
  }

  @ResolveField(() => OrganizationModel, { description: 'The producer party' })
  async producer(@Parent() a: AgreementModel, @Context() ctx: LoaderContext): Promise<OrganizationModel> {
    return toOrganizationModel(await this.identity.organization(ctx, a.producerId));
  }

  @ResolveField(() => AccessRequestModel, { description: 'The access request it concludes' })
  async request(@Parent() a: AgreementModel, @CurrentActor() actor: Actor): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.requests.get(actor, a.requestId));
  }
}
