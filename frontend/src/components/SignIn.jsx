import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api.js'
import DemoCustomers from './DemoCustomers.jsx'
import TokenSignIn from './TokenSignIn.jsx'

// Demo customers to pick from when demo sign-in is on (the API answers 404 when it is off),
// otherwise a bearer token.
export default function SignIn({ onSignIn }) {
  const [customers, setCustomers] = useState(undefined)
  const [error, setError] = useState(null)
  const { t } = useTranslation()

  useEffect(() => {
    api
      .demoCustomers()
      .then(setCustomers)
      .catch((err) => (err.status === 404 ? setCustomers(null) : setError(err.message)))
  }, [])

  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {customers === undefined && !error && <p className="muted">{t('signIn.loading')}</p>}
      {customers && <DemoCustomers customers={customers} onSignIn={onSignIn} />}
      {customers === null && <TokenSignIn onSignIn={onSignIn} />}
    </section>
  )
}
