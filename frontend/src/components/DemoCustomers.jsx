import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api.js'

export default function DemoCustomers({ customers, onSignIn }) {
  const [error, setError] = useState(null)
  const [pending, setPending] = useState(null)
  const { t } = useTranslation()

  async function signInAs(email) {
    setPending(email)
    setError(null)
    try {
      onSignIn(await api.demoLogin(email))
    } catch (err) {
      setError(err.message)
      setPending(null)
    }
  }

  return (
    <>
      <p className="muted">{t('signIn.demo')}</p>
      <ul className="customer-list">
        {customers.map((c) => (
          <li key={c.email}>
            <button
              type="button"
              className="customer"
              aria-label={t('signIn.as', { name: c.name, email: c.email })}
              disabled={pending !== null}
              onClick={() => signInAs(c.email)}
            >
              <span className="avatar" aria-hidden="true">
                {c.name[0]}
              </span>
              <span className="customer-text">
                <strong>{c.name}</strong>
                <span className="muted">{c.email}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}
