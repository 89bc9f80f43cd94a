import { useEffect, useState } from 'react'
import { api } from '../api.js'
import ErrorNotice from './ErrorNotice.jsx'
import PendingActionCard from './PendingActionCard.jsx'

// /confirm/<actionId>: an AI agent proposed this change over MCP; the customer decides here.
export default function ConfirmPage({ session, actionId }) {
  const [action, setAction] = useState(null)
  const [error, setError] = useState(null)
  useEffect(() => {
    api
      .action(session.token, actionId)
      .then((a) => setAction({ ...a, state: a.status === 'pending' ? 'open' : 'closed' }))
      .catch(setError)
  }, [session.token, actionId])

  async function answer(current, yes) {
    setAction({ ...current, state: 'working' })
    try {
      await (yes ? api.confirm : api.decline)(session.token, current.id)
      setAction({ ...current, state: yes ? 'confirmed' : 'declined' })
    } catch (err) {
      setError(err)
      setAction({ ...current, state: 'closed' })
    }
  }

  return (
    <section className="confirm-page" aria-label="Confirm a change">
      <h2>An AI assistant asks you to confirm</h2>
      <p>Nothing happens unless you press Confirm. Your assistant will be told what you chose.</p>
      {error && <ErrorNotice message={error.message} />}
      {action && <PendingActionCard action={action} onAnswer={answer} />}
      {action && action.state === 'closed' && !error && (
        <p role="status">This request is already {action.status}.</p>
      )}
    </section>
  )
}
