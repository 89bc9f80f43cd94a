import { useTranslation } from 'react-i18next'
import { api } from '../api.js'
import { LANGUAGES } from '../i18n.js'

// The page's language; signed in, it is saved as the shopper's profile setting, so the
// assistant and its cards answer in it too.
export default function LanguageSwitcher({ session }) {
  const { t, i18n } = useTranslation()
  function choose(event) {
    const language = event.target.value
    i18n.changeLanguage(language)
    if (session) api.setLanguage(session.token, language).catch(() => {}) // no profile (staff)
  }
  return (
    <label className="language">
      <span className="visually-hidden">{t('header.language')}</span>
      <select value={i18n.resolvedLanguage} onChange={choose} aria-label={t('header.language')}>
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  )
}
