import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import PendingActionCard from './PendingActionCard.jsx'

// The order operations for the ticket's customer: the same preview as the customer's card, then
// the agent's own confirmation. Cancel is one click per order; any other tool by its arguments.
const CANCELABLE = ['pending', 'processing']
const TOOLS = [
  'cancel_pending_order',
  'modify_pending_order_address',
  'modify_pending_order_items',
  'modify_pending_order_payment',
  'return_delivered_order_items',
  'exchange_delivered_order_items',
  'modify_user_address',
  'get_order_details',
]

export default function StaffOperations({ ticket, orders }) {
  const { t } = useTranslation()
  const [tool, setTool] = useState(TOOLS[1])
  const [args, setArgs] = useState('{"order_id": ""}')
  const [bad, setBad] = useState(false)
  const toolId = useId()
  const argsId = useId()

  function runOther(event) {
    event.preventDefault()
    try {
      ticket.run(tool, JSON.parse(args))
      setBad(false)
    } catch {
      setBad(true)
    }
  }

  return (
    <section className="staff-ops" aria-labelledby="staff-ops-title">
      <h3 id="staff-ops-title">{t('staff.operations')}</h3>
      <ul className="staff-cancels">
        {orders
          .filter((o) => CANCELABLE.includes(o.status))
          .map((o) => (
            <li key={o.id}>
              <button
                type="button"
                className="button"
                disabled={ticket.busy}
                onClick={() =>
                  ticket.run('cancel_pending_order', { order_id: o.id, reason: 'no longer needed' })
                }
              >
                {t('staff.cancelOrder', { id: o.id })}
              </button>
            </li>
          ))}
      </ul>
      <form className="staff-other" onSubmit={runOther}>
        <label htmlFor={toolId}>{t('staff.tool')}</label>
        <select id={toolId} value={tool} onChange={(e) => setTool(e.target.value)}>
          {TOOLS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <label htmlFor={argsId}>{t('staff.arguments')}</label>
        <textarea id={argsId} rows={3} value={args} onChange={(e) => setArgs(e.target.value)} />
        {bad && (
          <p className="notice error" role="alert">
            {t('staff.badArguments')}
          </p>
        )}
        <button type="submit" className="button" disabled={ticket.busy}>
          {t('staff.preview')}
        </button>
      </form>
      {ticket.preview && <PendingActionCard action={ticket.preview} onAnswer={ticket.answer} />}
    </section>
  )
}
