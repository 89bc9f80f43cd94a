import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useTicket } from '../hooks/useTicket.js'
import StaffOperations from './StaffOperations.jsx'
import StaffReply from './StaffReply.jsx'
import StaffTranscript from './StaffTranscript.jsx'
import TicketCustomer from './TicketCustomer.jsx'

// One ticket: who holds it and what to do with it, the conversation, the customer beside it.
// `me`: the signed-in agent's id (a ticket they hold offers no claim).
export default function TicketView({ token, me, ticketId, changed, onSeen }) {
  const { t } = useTranslation()
  const ticket = useTicket(token, ticketId, changed)
  const detail = ticket.detail
  useEffect(() => {
    if (detail) onSeen(detail.ticket)
  }, [detail, onSeen])
  if (!detail) return <section className="panel ticket muted">{t('signIn.loading')}</section>
  const { ticket: info, conversation } = detail
  const open = info.status !== 'resolved'
  return (
    <section className="panel ticket" aria-labelledby="ticket-title">
      <header className="ticket-head">
        <h2 id="ticket-title">
          {t('staff.ticketTitle', { id: info.id, name: info.customer.name || info.customer.email })}
        </h2>
        <p className="muted">
          {t(`staff.statuses.${info.status}`)} ·{' '}
          {info.assignee ? t('staff.heldBy', { name: info.assignee.name }) : t('staff.unassigned')} ·{' '}
          {t(conversation.mode === 'human' ? 'staff.modeHuman' : 'staff.modeAssistant')}
        </p>
        <p className="ticket-summary">{info.summary}</p>
        {open && (
          <div className="ticket-buttons">
            {info.assignee?.id !== me && (
              <button type="button" className="button" disabled={ticket.busy} onClick={() => ticket.claim(!!info.assignee)}>
                {info.assignee ? t('staff.takeOver') : t('staff.claim')}
              </button>
            )}
            <button type="button" className="button" disabled={ticket.busy} onClick={ticket.handBack}>
              {t('staff.handBack')}
            </button>
            <ResolveButton ticket={ticket} />
          </div>
        )}
        {ticket.error && (
          <p className="notice error" role="alert">
            {ticket.error}
          </p>
        )}
      </header>
      <div className="ticket-body">
        <div className="ticket-main">
          <StaffTranscript entries={detail.transcript} actions={detail.actions} />
          {open && <StaffReply onPost={ticket.post} busy={ticket.busy} />}
        </div>
        <aside className="ticket-side">
          <TicketCustomer customer={detail.customer} info={info.customer} orders={detail.orders} />
          {open && <StaffOperations ticket={ticket} orders={detail.orders} />}
        </aside>
      </div>
    </section>
  )
}

function ResolveButton({ ticket }) {
  const { t } = useTranslation()
  function resolve() {
    const resolution = window.prompt(t('staff.resolutionPrompt'), t('staff.resolutionDefault'))
    if (resolution) ticket.resolve(resolution)
  }
  return (
    <button type="button" className="button primary" disabled={ticket.busy} onClick={resolve}>
      {t('staff.resolve')}
    </button>
  )
}
