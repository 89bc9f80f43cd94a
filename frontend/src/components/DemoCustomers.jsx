import { useState } from 'react'
import { api } from '../api.js'

export default function DemoCustomers({ customers, onSignIn }) {
  const [error, setError] = useState(null)
  const [pending, setPending] = useState(null)

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
      <p className="muted">This is a demo shop: pick a customer to sign in as.</p>
      <ul className="customer-list">
        {customers.map((c) => (
          <li key={c.email}>
            <button
              type="button"
              className="customer"
              aria-label={`Sign in as ${c.name} (${c.email})`}
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
