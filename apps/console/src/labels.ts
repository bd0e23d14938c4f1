/** Labels of the API's enums, [English, French]. */
export const ORG_KINDS: Record<string, [string, string]> = {
  HOSPITAL: ['Hospital', 'Hôpital'],
  DATA_WAREHOUSE: ['Health data warehouse', 'Entrepôt de données de santé'],
  REGISTRY: ['Registry', 'Registre'],
  COHORT: ['Cohort', 'Cohorte'],
  NETWORK: ['Hospital network', 'Réseau hospitalier'],
  PHARMA: ['Pharmaceutical company', 'Laboratoire pharmaceutique'],
  STARTUP: ['Start-up', 'Start-up'],
  SME: ['SME', 'PME'],
  ACADEMIC: ['Academic', 'Recherche académique'],
  PUBLIC_BODY: ['Public body', 'Organisme public'],
  PLATFORM: ['Platform operator', 'Opérateur de la plateforme'],
};

export function label(map: Record<string, [string, string]>, key: string | null | undefined, lang: 'fr' | 'en'): string {
  if (!key) return '—';
  const l = map[key];
  return l ? (lang === 'fr' ? l[1] : l[0]) : key;
}

export function options(map: Record<string, [string, string]>, lang: 'fr' | 'en', keys?: string[]) {
  return (keys ?? Object.keys(map)).map((value) => ({ value, label: label(map, value, lang) }));
}
