import { useTranslation } from 'react-i18next'
import { since } from '../format.js'

// The tickets, newest activity first: who, what about, how long they have waited, unread marks.
export default function Inbox({ inbox, selected, onOpen }) {
  const { t } = useTranslation()
  if (inbox.error) {
    return (
      <p className="notice error" role="alert">
        {inbox.error}
      </p>
    )
  }
  if (inbox.tickets.length === 0) return <p className="muted">{t('staff.noTickets')}</p>
  return (
    <ul className="ticket-list" aria-label={t('staff.tickets')}>
      {inbox.tickets.map((ticket) => (
        <li key={ticket.id}>
          <button
            type="button"
            className={`ticket-row ${ticket.id === selected ? 'selected' : ''}`}
            aria-current={ticket.id === selected ? 'true' : undefined}
            onClick={() => onOpen(ticket)}
          >
            <span className="ticket-top">
              {inbox.unread(ticket) && <span className="unread">{t('staff.unread')}</span>}
              <strong>{ticket.customer.name || ticket.customer.email}</strong>
              <span className={`badge ${ticket.status}`}>{t(`staff.statuses.${ticket.status}`)}</span>
            </span>
            <span className="ticket-summary">{ticket.summary}</span>
            {ticket.lastMessage && <span className="muted ticket-last">{ticket.lastMessage.text}</span>}
            <span className="muted ticket-meta">
              {ticket.waitingSince
                ? t('staff.waiting', { time: since(ticket.waitingSince) })
                : t('staff.answered')}
              {' · '}
              {ticket.assignee ? ticket.assignee.name : t('staff.unassigned')}
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}
