// The billing mandate a contributor accepts with its weight (art. 289, I-2 CGI): the platform
// invoices in the contributor's name and on its behalf. Legal wording lives here as data, with
// a version: a new wording gets a new version, and the hash of the text each contributor
// accepted is recorded with its consent.
import { createHash } from 'node:crypto';

export const BILLING_MANDATE_VERSION = '2026-11';

const TEXT = {
  fr: `Mandat de facturation (article 289, I-2 du code général des impôts)

{{contributor}} (le Mandant), contributeur de l'offre de données {{offeringId}} publiée sur la Plateforme par {{network}}, avec un poids de {{weight}} sur un total de {{totalWeight}}, donne mandat à l'opérateur de la Plateforme (le Mandataire) d'établir et d'émettre, en son nom et pour son compte, les factures et les avoirs relatifs aux redevances de mise à disposition des données dues par les acquéreurs au titre des accords conclus sur cette offre, pour la part qui lui revient selon ce poids, chaque ligne étant répartie au centime près.

Chaque facture porte la mention « Facture émise par l'opérateur de la Plateforme au nom et pour le compte de {{contributor}} » et est numérotée dans une série chronologique continue propre au Mandant. Le Mandant reste redevable de la taxe sur la valeur ajoutée mentionnée sur ces factures. Il reçoit une copie de chaque facture et de chaque avoir émis en son nom et dispose de trente jours à compter de leur mise à disposition pour les contester.

Ce mandat vaut pour les versions de l'offre publiées avec cette répartition et pour les accords conclus sur ces versions ; il prend fin avec le dernier de ces accords.`,
  en: `Billing mandate (article 289, I-2 of the French general tax code)

{{contributor}} (the Principal), contributor to the data offering {{offeringId}} published on the Platform by {{network}}, with a weight of {{weight}} out of a total of {{totalWeight}}, instructs the operator of the Platform (the Agent) to draw up and issue, in its name and on its behalf, the invoices and credit notes for the fees for making the data available that buyers owe under the agreements concluded on this offering, for the share due to it by this weight, each line being split to the cent.

Each invoice bears the words "Invoice issued by the operator of the Platform in the name and on behalf of {{contributor}}" and is numbered in a continuous chronological series of the Principal's own. The Principal remains liable for the value added tax shown on these invoices. It receives a copy of every invoice and credit note issued in its name and may dispute them within thirty days of their being made available.

This mandate applies to the versions of the offering published with this split and to the agreements concluded on them; it ends with the last of these agreements.`,
};

export interface BillingMandateParties {
  contributor: string;
  network: string;
  offeringId: string;
  weight: number;
  totalWeight: number;
}

export interface BillingMandateText {
  version: string;
  fr: string;
  en: string;
  /** SHA-256 (hex) of the French text, the authoritative one: what a consent refers to. */
  sha256: string;
}

/** The mandate as one contributor reads it, with its names and weights filled in. */
export function billingMandate(p: BillingMandateParties): BillingMandateText {
  const fill = (t: string) => t.replace(/\{\{(\w+)\}\}/g, (_, k: keyof BillingMandateParties) => String(p[k]));
  const fr = fill(TEXT.fr);
  return { version: BILLING_MANDATE_VERSION, fr, en: fill(TEXT.en), sha256: createHash('sha256').update(fr).digest('hex') };
}
