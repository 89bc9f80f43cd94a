import { Trans, useTranslation } from 'react-i18next'
import LanguageSwitcher from './LanguageSwitcher.jsx'

export default function Header({ session, onSignOut }) {
  const { t } = useTranslation()
  const name = session?.name || session?.email
  return (
    <header className="header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">☁</span>
        <span>
          <Trans i18nKey="brand" components={{ 1: <strong /> }} />
        </span>
      </div>
      <div className="account">
        {session && (
          <span className="account-name">
            <Trans i18nKey="header.signedInAs" values={{ name }} components={{ 1: <strong /> }} />
          </span>
        )}
        <LanguageSwitcher session={session} />
        {session && (
          <button type="button" className="button ghost" onClick={onSignOut}>
            {t('header.signOut')}
          </button>
        )}
      </div>
    </header>
  )
}
