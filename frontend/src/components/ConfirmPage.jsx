import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api.js'
import ErrorNotice from './ErrorNotice.jsx'
import PendingActionCard from './PendingActionCard.jsx'

// /confirm/<actionId>: an AI agent proposed this change over MCP; the customer decides here.
export default function ConfirmPage({ session, actionId }) {
  const { t } = useTranslation()
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
    <section className="confirm-page" aria-label={t('confirmPage.title')}>
      <h2>{t('confirmPage.title')}</h2>
      <p>{t('confirmPage.intro')}</p>
      {error && <ErrorNotice message={error.message} />}
      {action && <PendingActionCard action={action} onAnswer={answer} />}
      {action && action.state === 'closed' && !error && (
        <p role="status">{t('confirmPage.already', { status: action.status })}</p>
      )}
    </section>
  )
}
