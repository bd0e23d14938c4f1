import { registerEnumType } from '@nestjs/graphql';

// Controlled vocabularies of the catalog, with French and English labels. The labels feed
// full-text search and the HealthDCAT-AP export.

type Labels = Record<string, { fr: string; en: string; uri?: string }>;

export const THEMES: Labels = {
  ONCOLOGY: { fr: 'Oncologie', en: 'Oncology' },
  CARDIOLOGY: { fr: 'Cardiologie', en: 'Cardiology' },
  DIABETES_ENDOCRINOLOGY: { fr: 'Diabète et endocrinologie', en: 'Diabetes and endocrinology' },
  NEUROLOGY: { fr: 'Neurologie', en: 'Neurology' },
  MENTAL_HEALTH: { fr: 'Santé mentale', en: 'Mental health' },
  INFECTIOUS_DISEASES: { fr: 'Maladies infectieuses', en: 'Infectious diseases' },
  RARE_DISEASES: { fr: 'Maladies rares', en: 'Rare diseases' },
  RESPIRATORY: { fr: 'Pneumologie', en: 'Respiratory medicine' },
  NEPHROLOGY: { fr: 'Néphrologie', en: 'Nephrology' },
  PAEDIATRICS: { fr: 'Pédiatrie', en: 'Paediatrics' },
  GERIATRICS: { fr: 'Gériatrie', en: 'Geriatrics' },
  PERINATAL: { fr: 'Périnatalité', en: 'Perinatal health' },
  EMERGENCY_INTENSIVE_CARE: { fr: 'Urgences et réanimation', en: 'Emergency and intensive care' },
  PHARMACOEPIDEMIOLOGY: { fr: 'Pharmaco-épidémiologie', en: 'Pharmacoepidemiology' },
  EPIDEMIOLOGY: { fr: 'Épidémiologie', en: 'Epidemiology' },
  MEDICAL_IMAGING: { fr: 'Imagerie médicale', en: 'Medical imaging' },
  GENOMICS: { fr: 'Génomique', en: 'Genomics' },
  HEALTH_SERVICES: { fr: 'Parcours de soins et organisation', en: 'Health services research' },
};

export const DATA_MODELS: Labels = {
  OMOP_CDM: { fr: 'OMOP CDM', en: 'OMOP CDM' },
  FHIR: { fr: 'HL7 FHIR', en: 'HL7 FHIR' },
  SNDS: { fr: 'Format SNDS', en: 'SNDS format' },
  CDISC: { fr: 'CDISC SDTM', en: 'CDISC SDTM' },
  I2B2: { fr: 'i2b2', en: 'i2b2' },
  CUSTOM: { fr: 'Modèle propre', en: 'Custom model' },
};

export const CODING_SYSTEMS: Labels = {
  ICD_10: { fr: 'CIM-10', en: 'ICD-10', uri: 'http://hl7.org/fhir/sid/icd-10' },
  CCAM: { fr: 'CCAM', en: 'CCAM' },
  ATC: { fr: 'ATC', en: 'ATC', uri: 'http://www.whocc.no/atc' },
  LOINC: { fr: 'LOINC', en: 'LOINC', uri: 'http://loinc.org' },
  SNOMED_CT: { fr: 'SNOMED CT', en: 'SNOMED CT', uri: 'http://snomed.info/sct' },
  CIP_UCD: { fr: 'CIP / UCD', en: 'CIP / UCD' },
  NABM: { fr: 'NABM', en: 'NABM' },
  GHM: { fr: 'GHM (PMSI)', en: 'GHM (PMSI)' },
  ORPHA: { fr: 'ORPHAcodes', en: 'ORPHAcodes' },
  ICD_O_3: { fr: 'CIM-O-3', en: 'ICD-O-3' },
};

export const ACCESS_MODALITIES: Labels = {
  SECURE_PROCESSING_ENVIRONMENT: { fr: 'Environnement sécurisé de traitement', en: 'Secure processing environment' },
  EXTRACTION: { fr: 'Extraction vers un hébergeur HDS du demandeur', en: 'Extraction to the requester\'s certified host' },
  AGGREGATED_API: { fr: 'API de données agrégées', en: 'Aggregated data API' },
};

export const ACCESS_RIGHTS: Labels = {
  PUBLIC: { fr: 'Public', en: 'Public', uri: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC' },
  RESTRICTED: { fr: 'Restreint', en: 'Restricted', uri: 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED' },
  NON_PUBLIC: { fr: 'Non public', en: 'Non-public', uri: 'http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC' },
};

export const LEGAL_BASES: Labels = {
  PUBLIC_INTEREST: { fr: 'Mission d\'intérêt public (RGPD art. 6.1.e)', en: 'Public interest task (GDPR art. 6.1.e)', uri: 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-e' },
  LEGITIMATE_INTEREST: { fr: 'Intérêt légitime (RGPD art. 6.1.f)', en: 'Legitimate interest (GDPR art. 6.1.f)', uri: 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-f' },
  CONSENT: { fr: 'Consentement (RGPD art. 6.1.a)', en: 'Consent (GDPR art. 6.1.a)', uri: 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-a' },
  SCIENTIFIC_RESEARCH: { fr: 'Recherche scientifique (RGPD art. 9.2.j)', en: 'Scientific research (GDPR art. 9.2.j)', uri: 'https://w3id.org/dpv/legal/eu/gdpr#A9-2-j' },
  PUBLIC_HEALTH: { fr: 'Santé publique (RGPD art. 9.2.i)', en: 'Public health (GDPR art. 9.2.i)', uri: 'https://w3id.org/dpv/legal/eu/gdpr#A9-2-i' },
};

export const PERSONAL_DATA_CATEGORIES: Labels = {
  HEALTH: { fr: 'Données de santé', en: 'Health data', uri: 'https://w3id.org/dpv/pd#HealthRecord' },
  GENETIC: { fr: 'Données génétiques', en: 'Genetic data', uri: 'https://w3id.org/dpv/pd#Genetic' },
  DEMOGRAPHIC: { fr: 'Données démographiques', en: 'Demographic data', uri: 'https://w3id.org/dpv/pd#Demographic' },
  SOCIO_ECONOMIC: { fr: 'Données socio-économiques', en: 'Socio-economic data', uri: 'https://w3id.org/dpv/pd#Financial' },
  LOCATION: { fr: 'Localisation', en: 'Location', uri: 'https://w3id.org/dpv/pd#Location' },
  MEDICAL_IMAGES: { fr: 'Images médicales', en: 'Medical images', uri: 'https://w3id.org/dpv/pd#MedicalHealth' },
};

export const UPDATE_FREQUENCIES: Labels = {
  DAILY: { fr: 'Quotidienne', en: 'Daily', uri: 'http://publications.europa.eu/resource/authority/frequency/DAILY' },
  WEEKLY: { fr: 'Hebdomadaire', en: 'Weekly', uri: 'http://publications.europa.eu/resource/authority/frequency/WEEKLY' },
  MONTHLY: { fr: 'Mensuelle', en: 'Monthly', uri: 'http://publications.europa.eu/resource/authority/frequency/MONTHLY' },
  QUARTERLY: { fr: 'Trimestrielle', en: 'Quarterly', uri: 'http://publications.europa.eu/resource/authority/frequency/QUARTERLY' },
  ANNUAL: { fr: 'Annuelle', en: 'Annual', uri: 'http://publications.europa.eu/resource/authority/frequency/ANNUAL' },
  IRREGULAR: { fr: 'Irrégulière', en: 'Irregular', uri: 'http://publications.europa.eu/resource/authority/frequency/IRREG' },
  NEVER: { fr: 'Figée', en: 'Never', uri: 'http://publications.europa.eu/resource/authority/frequency/NEVER' },
};

// French regions (ISO 3166-2:FR) with their INSEE-era names.
export const REGIONS: Labels = {
  FR_ARA: { fr: 'Auvergne-Rhône-Alpes', en: 'Auvergne-Rhône-Alpes' },
  FR_BFC: { fr: 'Bourgogne-Franche-Comté', en: 'Bourgogne-Franche-Comté' },
  FR_BRE: { fr: 'Bretagne', en: 'Brittany' },
  FR_CVL: { fr: 'Centre-Val de Loire', en: 'Centre-Val de Loire' },
  FR_COR: { fr: 'Corse', en: 'Corsica' },
  FR_GES: { fr: 'Grand Est', en: 'Grand Est' },
  FR_HDF: { fr: 'Hauts-de-France', en: 'Hauts-de-France' },
  FR_IDF: { fr: 'Île-de-France', en: 'Île-de-France' },
  FR_NOR: { fr: 'Normandie', en: 'Normandy' },
  FR_NAQ: { fr: 'Nouvelle-Aquitaine', en: 'Nouvelle-Aquitaine' },
  FR_OCC: { fr: 'Occitanie', en: 'Occitania' },
  FR_PDL: { fr: 'Pays de la Loire', en: 'Pays de la Loire' },
  FR_PAC: { fr: 'Provence-Alpes-Côte d\'Azur', en: 'Provence-Alpes-Côte d\'Azur' },
  FR_DROM: { fr: 'Outre-mer', en: 'French overseas regions' },
  FR_NATIONAL: { fr: 'France entière', en: 'All of France' },
};

function asEnum(labels: Labels): Record<string, string> {
  return Object.fromEntries(Object.keys(labels).map((k) => [k, k]));
}

export const Theme = asEnum(THEMES);
export const DataModel = asEnum(DATA_MODELS);
export const CodingSystem = asEnum(CODING_SYSTEMS);
export const AccessModality = asEnum(ACCESS_MODALITIES);
export const AccessRights = asEnum(ACCESS_RIGHTS);
export const LegalBasis = asEnum(LEGAL_BASES);
export const PersonalDataCategory = asEnum(PERSONAL_DATA_CATEGORIES);
export const UpdateFrequency = asEnum(UPDATE_FREQUENCIES);
export const Region = asEnum(REGIONS);

registerEnumType(Theme, { name: 'Theme', description: 'Health theme / category (HealthDCAT-AP healthTheme)' });
registerEnumType(DataModel, { name: 'DataModel' });
registerEnumType(CodingSystem, { name: 'CodingSystem', description: 'HealthDCAT-AP hasCodingSystem' });
registerEnumType(AccessModality, { name: 'AccessModality' });
registerEnumType(AccessRights, { name: 'AccessRights', description: 'dct:accessRights (EU access-right vocabulary)' });
registerEnumType(LegalBasis, { name: 'LegalBasis', description: 'dpv:hasLegalBasis' });
registerEnumType(PersonalDataCategory, { name: 'PersonalDataCategory', description: 'dpv:hasPersonalData' });
registerEnumType(UpdateFrequency, { name: 'UpdateFrequency' });
registerEnumType(Region, { name: 'Region', description: 'French region (ISO 3166-2:FR), FR_NATIONAL for all of France' });

export const vocabularyLabel = (labels: Labels, code: string, locale: 'fr' | 'en' = 'fr') => labels[code]?.[locale] ?? code;

/** Theme labels in both languages, indexed for full-text search. */
export const themeLabels = (codes: string[]) => codes.map((t) => `${vocabularyLabel(THEMES, t, 'fr')} ${vocabularyLabel(THEMES, t, 'en')}`).join(' ');
