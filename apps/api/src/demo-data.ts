// The demo organisations and offerings created by `npm run seed:demo`.

/** Appends the Luhn check digit to a 13-digit base, giving a valid SIRET. */
export function siretFrom(base13: string): string {
  for (let d = 0; d < 10; d++) {
    const s = base13 + d;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let x = Number(s[13 - i]);
      if (i % 2 === 1) {
        x *= 2;
        if (x > 9) x -= 9;
      }
      sum += x;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

/** The password of every demo user; each organisation's admin is `admin@<key>.demo`. */
export const DEMO_PASSWORD = 'demo-password-123';

export function demoAdminEmail(key: string): string {
  return `admin@${key}.demo`;
}

export interface DemoOrganization {
  key: string;
  name: string;
  kind: string;
  siretBase?: string;
  vatNumber?: string;
  city: string;
  postalCode: string;
  country: string;
  roles: string[];
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  { key: 'chu', name: 'CHU Démo de Bordeaux', kind: 'HOSPITAL', siretBase: '2633000001000', city: 'Bordeaux', postalCode: '33000', country: 'FR', roles: ['ADMIN', 'PUBLISHER', 'LEGAL', 'SIGNER', 'FINANCE'] },
  { key: 'eds', name: 'Entrepôt de données de santé Démo Île-de-France', kind: 'DATA_WAREHOUSE', siretBase: '2675000002000', city: 'Paris', postalCode: '75012', country: 'FR', roles: ['ADMIN', 'PUBLISHER', 'LEGAL', 'SIGNER', 'FINANCE'] },
  { key: 'registre', name: 'Registre Démo des cancers d\'Occitanie', kind: 'REGISTRY', siretBase: '1831000003000', city: 'Toulouse', postalCode: '31000', country: 'FR', roles: ['ADMIN', 'PUBLISHER', 'LEGAL', 'SIGNER', 'FINANCE'] },
  { key: 'reseau', name: 'Réseau Démo des CHU du Grand Ouest', kind: 'NETWORK', siretBase: '1335000004000', city: 'Rennes', postalCode: '35000', country: 'FR', roles: ['ADMIN', 'PUBLISHER', 'LEGAL', 'SIGNER', 'FINANCE'] },
  { key: 'pharma', name: 'Pharma Démo SA', kind: 'PHARMA', siretBase: '5520000005000', city: 'Lyon', postalCode: '69007', country: 'FR', roles: ['ADMIN', 'BUYER', 'LEGAL', 'SIGNER', 'FINANCE'] },
  { key: 'universite', name: 'Université Démo', kind: 'ACADEMIC', siretBase: '1935000006000', city: 'Montpellier', postalCode: '34000', country: 'FR', roles: ['ADMIN', 'BUYER', 'SIGNER', 'FINANCE'] },
  { key: 'startup', name: 'Start-up Démo IA Santé', kind: 'STARTUP', siretBase: '8900000007000', city: 'Nantes', postalCode: '44000', country: 'FR', roles: ['ADMIN', 'BUYER', 'SIGNER', 'FINANCE'] },
  { key: 'biodata', name: 'BioData Demo GmbH', kind: 'PHARMA', vatNumber: 'DE123456789', city: 'Berlin', postalCode: '10115', country: 'DE', roles: ['ADMIN', 'BUYER', 'SIGNER', 'FINANCE'] },
];

export interface DemoOffering {
  producer: string;
  title: { fr: string; en: string };
  description: { fr: string; en: string };
  keywords: string[];
  themes: string[];
  individuals: number;
  records: number;
  regions: string[];
  dataModel: string;
  accessModality: string;
  codingSystems: string[];
  contributors?: { producer: string; weight: number }[];
}

export const DEMO_OFFERINGS: DemoOffering[] = [
  {
    producer: 'chu', title: { fr: 'Parcours de soins en cancérologie du sein', en: 'Breast cancer care pathways' },
    description: { fr: 'Données de l\'hôpital sur les patientes traitées pour un cancer du sein : diagnostics, chimiothérapies, chirurgie, biologie.', en: 'Hospital data on patients treated for breast cancer: diagnoses, chemotherapy, surgery, laboratory results.' },
    keywords: ['cancer du sein', 'chimiothérapie'], themes: ['ONCOLOGY'], individuals: 38000, records: 2_400_000, regions: ['FR_NAQ'],
    dataModel: 'OMOP_CDM', accessModality: 'SECURE_PROCESSING_ENVIRONMENT', codingSystems: ['ICD_10', 'CCAM', 'ATC', 'LOINC'],
  },
  {
    producer: 'chu', title: { fr: 'Insuffisance cardiaque hospitalisée', en: 'Hospitalised heart failure' },
    description: { fr: 'Séjours hospitaliers pour insuffisance cardiaque, traitements et réhospitalisations, pour l\'épidémiologie et l\'évaluation des pratiques.', en: 'Hospital stays for heart failure, treatments and readmissions, for epidemiology and practice evaluation.' },
    keywords: ['insuffisance cardiaque', 'réhospitalisation'], themes: ['CARDIOLOGY', 'EPIDEMIOLOGY'], individuals: 21000, records: 900_000, regions: ['FR_NAQ'],
    dataModel: 'OMOP_CDM', accessModality: 'SECURE_PROCESSING_ENVIRONMENT', codingSystems: ['ICD_10', 'CCAM', 'ATC'],
  },
  {
    producer: 'eds', title: { fr: 'Diabète de type 2 : cohorte d\'entrepôt', en: 'Type 2 diabetes: warehouse cohort' },
    description: { fr: 'Patients diabétiques de type 2 suivis dans les hôpitaux de l\'entrepôt, avec HbA1c, prescriptions et complications.', en: 'Type 2 diabetic patients followed in the warehouse\'s hospitals, with HbA1c, prescriptions and complications.' },
    keywords: ['diabète', 'HbA1c'], themes: ['DIABETES_ENDOCRINOLOGY'], individuals: 210000, records: 31_000_000, regions: ['FR_IDF'],
    dataModel: 'OMOP_CDM', accessModality: 'SECURE_PROCESSING_ENVIRONMENT', codingSystems: ['ICD_10', 'ATC', 'LOINC'],
  },
  {
    producer: 'registre', title: { fr: 'Incidence des cancers en Occitanie', en: 'Cancer incidence in Occitania' },
    description: { fr: 'Registre populationnel exhaustif des cancers, pour l\'épidémiologie descriptive et la survie.', en: 'Exhaustive population-based cancer registry, for descriptive epidemiology and survival.' },
    keywords: ['registre', 'survie'], themes: ['ONCOLOGY', 'EPIDEMIOLOGY'], individuals: 160000, records: 160000, regions: ['FR_OCC'],
    dataModel: 'CUSTOM', accessModality: 'EXTRACTION', codingSystems: ['ICD_O_3'],
  },
  {
    producer: 'reseau', title: { fr: 'Réanimation adulte dans six CHU', en: 'Adult intensive care in six university hospitals' },
    description: { fr: 'Séjours en réanimation de six hôpitaux universitaires, harmonisés au format OMOP.', en: 'Intensive care stays in six university hospitals, harmonised to OMOP.' },
    keywords: ['réanimation', 'ventilation'], themes: ['EMERGENCY_INTENSIVE_CARE'], individuals: 95000, records: 40_000_000, regions: ['FR_BRE', 'FR_PDL'],
    dataModel: 'OMOP_CDM', accessModality: 'SECURE_PROCESSING_ENVIRONMENT', codingSystems: ['ICD_10', 'CCAM', 'LOINC'],
    contributors: [{ producer: 'chu', weight: 3 }, { producer: 'eds', weight: 2 }],
  },
];

/**
 * The agreement that has run since the 1st of last month: the buyer's access to the network's
 * offering (two contributors, so one invoice each), whose finished month `npm run demo` bills.
 */
export const RUNNING_AGREEMENT = {
  producer: 'reseau',
  buyer: 'pharma',
  projectTitle: 'REA-DURÉE – durées de séjour en réanimation après chirurgie',
  pricing: { purpose: 'SCIENTIFIC_RESEARCH', patients: 8000 },
  durationMonths: 12,
};
