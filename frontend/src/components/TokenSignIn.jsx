import { useState } from 'react'
import { api } from '../api.js'

// Demo sign-in is off: the customer pastes a bearer token, checked against /api/auth/me.
export default function TokenSignIn({ onSignIn }) {
  const [token, setToken] = useState('')
  const [error, setError] = useState(null)

  async function submit(event) {
    event.preventDefault()
    setError(null)
    try {
      const me = await api.me(token.trim())
      onSignIn({ token: token.trim(), email: me.email, name: '' })
    } catch (err) {
      setError(err.status === 401 ? 'That token was not accepted. Please check it.' : err.message)
    }
  }

  return (
    <form className="token-form" onSubmit={submit}>
      <label htmlFor="token">Your access token</label>
      <textarea
        id="token"
        rows={3}
        value={token}
        onChange={(e) => setToken(e.target.value)}
        placeholder="Paste the bearer token you were given"
        required
      />
      <button type="submit" className="button primary">
        Sign in
      </button>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
