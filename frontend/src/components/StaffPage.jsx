import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useInbox } from '../hooks/useInbox.js'
import Inbox from './Inbox.jsx'
import TicketView from './TicketView.jsx'

// The support team's page: the inbox beside the ticket being worked, both live.
export default function StaffPage({ session }) {
  const { t } = useTranslation()
  const [status, setStatus] = useState('open')
  const [assignee, setAssignee] = useState('')
  const [selected, setSelected] = useState(null)
  const filters = useMemo(
    () => ({ status, assignee, me: session.customerId }),
    [status, assignee, session.customerId],
  )
  const inbox = useInbox(session.token, filters)

  function open(ticket) {
    inbox.markSeen(ticket)
    setSelected(ticket.id)
  }

  return (
    <div className="staff">
      <section className="panel inbox" aria-labelledby="inbox-title">
        <h2 id="inbox-title">{t('staff.inbox')}</h2>
        <div className="filters">
          <label>
            {t('staff.status')}
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('staff.all')}</option>
              {['open', 'pending', 'resolved'].map((s) => (
                <option key={s} value={s}>
                  {t(`staff.statuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('staff.assignee')}
            <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              <option value="">{t('staff.anyone')}</option>
              <option value="me">{t('staff.me')}</option>
              <option value="none">{t('staff.nobody')}</option>
            </select>
          </label>
        </div>
        <Inbox inbox={inbox} selected={selected} onOpen={open} />
      </section>
      {selected ? (
        <TicketView
          token={session.token}
          me={session.customerId}
          ticketId={selected}
          changed={inbox.changed}
          onSeen={inbox.markSeen}
        />
      ) : (
        <section className="panel ticket empty-ticket">
          <p className="muted">{t('staff.pick')}</p>
        </section>
      )}
    </div>
  )
}
