import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api.js'

// Demo sign-in is off: the customer pastes a bearer token, checked against /api/auth/me.
export default function TokenSignIn({ onSignIn }) {
  const [token, setToken] = useState('')
  const [error, setError] = useState(null)
  const { t } = useTranslation()

  async function submit(event) {
    event.preventDefault()
    setError(null)
    try {
      const me = await api.me(token.trim())
      onSignIn({ token: token.trim(), email: me.email, name: '' })
    } catch (err) {
      setError(err.status === 401 ? t('signIn.tokenRefused') : err.message)
    }
  }

  return (
    <form className="token-form" onSubmit={submit}>
      <label htmlFor="token">{t('signIn.tokenLabel')}</label>
      <textarea
        id="token"
        rows={3}
        value={token}
        onChange={(e) => setToken(e.target.value)}
        placeholder={t('signIn.tokenPlaceholder')}
        required
      />
      <button type="submit" className="button primary">
        {t('signIn.submit')}
      </button>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
