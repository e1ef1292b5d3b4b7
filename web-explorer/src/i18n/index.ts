import { useEffect, useState } from 'preact/hooks';
import type { PartyShown } from '../api/types';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

/** zh-CN by default; the English switch is remembered in this browser. */
export type Lang = 'zh-CN' | 'en';
export type { MessageKey };

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const STORE = 'estate-ledger.lang';
const CHANGED = 'explorer:lang';

export function currentLang(): Lang {
  return localStorage.getItem(STORE) === 'en' ? 'en' : 'zh-CN';
}

export function setLang(lang: Lang): void {
  localStorage.setItem(STORE, lang);
  document.documentElement.lang = lang;
  window.dispatchEvent(new Event(CHANGED));
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = DICTIONARIES[lang];
  return (key, params) => dict[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

/**
 * A party as shown: name and (masked) ID number, in the language's punctuation; a bare reference
 * (a party the caller's organisation may not read) as its short form.
 */
export const partyText = (t: Translate, p: PartyShown): string =>
  typeof p === 'string' ? t('common.partyRef', { ref: `${p.slice(0, 8)}…` }) : t('common.party', { name: p.name, id: p.idNumber });
/** A stable key for a party in a list. */
export const partyKey = (p: PartyShown): string => (typeof p === 'string' ? p : p.ref);
export const listText = (t: Translate, items: string[]): string => items.join(t('common.listSep'));
export const groupsText = (t: Translate, items: string[]): string => items.join(t('common.groupSep'));

/** Looks up a message whose key is built from data (an event type, a flag); null when the dictionary has none. */
export function lookup(t: Translate, key: string): string | null {
  return key in zhCN ? t(key as MessageKey) : null;
}

export function useI18n(): { lang: Lang; t: Translate } {
  const [lang, setState] = useState<Lang>(currentLang);
  useEffect(() => {
    const update = () => setState(currentLang());
    window.addEventListener(CHANGED, update);
    return () => window.removeEventListener(CHANGED, update);
  }, []);
  return { lang, t: translator(lang) };
}
