// The stored description of an offering version (validated input, as JSON).
export interface LocalizedText {
  fr: string;
  en: string;
}

export interface OfferingContent {
  title: LocalizedText;
  description: LocalizedText;
  keywords: string[];
  themes: string[];
  populationCoverage: LocalizedText;
  numberOfRecords?: number | null;
  numberOfUniqueIndividuals?: number | null;
  minTypicalAge?: number | null;
  maxTypicalAge?: number | null;
  temporalCoverage: { start: string; end?: string | null };
  regions: string[];
  codingSystems: string[];
  dataModel: string;
  legalBases: string[];
  personalDataCategories: string[];
  accessModality: string;
  accessRights: string;
  updateFrequency?: string | null;
  hdsHosting: { certified: boolean; hostName?: string | null };
  contactPoint: { name: string; email: string; phone?: string | null };
  sampleUrl?: string | null;
  dataDictionaryUrl?: string | null;
  provenance?: string | null;
  contributors?: { organizationId: string; weight: number }[] | null;
}
