import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { formatMoney } from '@app/core/kernel';

export type Lang = 'fr' | 'en';

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  /** The text in the current language: t('Sign in', 'Se connecter') */
  t: (en: string, fr: string) => string;
  /** The BCP 47 locale dates and numbers are shown in: the browser's own when it speaks the language */
  locale: string;
  date: (iso: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  /** Cents as the PDFs print them (the kernel's formatMoney): fr 12 345,67 €, en €12,345.67 */
  money: (cents: number | null | undefined) => string;
  number: (n: number | null | undefined) => string;
}

const Ctx = createContext<I18n | null>(null);
const KEY = 'hdm.console.lang';

function initialLang(): Lang {
  const saved = localStorage.getItem(KEY);
  if (saved === 'fr' || saved === 'en') return saved;
  return navigator.language?.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

function localeFor(lang: Lang): string {
  const own = (navigator.languages ?? [navigator.language]).find((l) => l?.toLowerCase().startsWith(lang));
  return own ?? (lang === 'fr' ? 'fr-FR' : 'en-GB');
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const value = useMemo<I18n>(() => {
    const locale = localeFor(lang);
    const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const numberFmt = new Intl.NumberFormat(locale);
    document.documentElement.lang = lang;
    return {
      lang,
      locale,
      setLang: (l) => {
        localStorage.setItem(KEY, l);
        setLangState(l);
      },
      t: (en, fr) => (lang === 'fr' ? fr : en),
      date: (iso) => (iso ? dateFmt.format(new Date(iso.length === 10 ? `${iso}T12:00:00` : iso)) : '—'),
      dateTime: (iso) => (iso ? dateTimeFmt.format(new Date(iso)) : '—'),
      money: (cents) => (cents === null || cents === undefined ? '—' : formatMoney(cents, lang)),
      number: (n) => (n === null || n === undefined ? '—' : numberFmt.format(n)),
    };
  }, [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** A bilingual value of the API ({ fr, en }) in the current language, French when English is missing. */
export function useLocalized() {
  const { lang } = useI18n();
  return (v: { fr: string; en?: string | null } | null | undefined) => (v ? (lang === 'en' && v.en ? v.en : v.fr) : '');
}
