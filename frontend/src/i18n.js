// The page's languages (react-i18next): the shopper's saved choice, else the browser's, else
// English; <html lang> follows, and money and dates are written with Intl for that language.
import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import de from './locales/de.json'
import en from './locales/en.json'
import es from './locales/es.json'
import fr from './locales/fr.json'

export const LANGUAGES = { en: 'English', es: 'Español', fr: 'Français', de: 'Deutsch' }
const KEY = 'cloudmart.language'

export function supported(tag) {
  const primary = String(tag ?? '').toLowerCase().split(/[-_]/)[0]
  return primary in LANGUAGES ? primary : null
}

function initial() {
  const saved = supported(localStorage.getItem(KEY))
  const browser = (navigator.languages ?? [navigator.language]).map(supported).find(Boolean)
  return saved ?? browser ?? 'en'
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language
  localStorage.setItem(KEY, language)
})

i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, es: { translation: es }, fr: { translation: fr }, de: { translation: de } },
  lng: initial(),
  fallbackLng: 'en',
  supportedLngs: Object.keys(LANGUAGES),
  interpolation: { escapeValue: false }, // React escapes
  returnObjects: true,
})
document.documentElement.lang = i18n.language

export default i18n
