import { useId } from 'react'
import { money } from '../format.js'
import OrderLines from './OrderLines.jsx'

const OUTCOME = {
  working: 'One moment…',
  confirmed: 'Confirmed.',
  declined: 'Declined: nothing was changed.',
  closed: 'Answered in the chat.',
}

// Exactly what will happen if the customer confirms: the server runs it only on that click.
export default function PendingActionCard({ action, onAnswer }) {
  const titleId = useId()
  const summaryId = useId()
  const order = action.details?.order
  const open = action.state === 'open'
  return (
    <section className={`pending ${action.state}`} role="group" aria-labelledby={titleId}>
      <h3 id={titleId}>{open ? 'Please confirm' : 'Requested action'}</h3>
      <p id={summaryId}>{action.summary}</p>
      {order && (
        <dl className="pending-facts">
          <dt>Order</dt>
          <dd>{order.id}</dd>
          <dt>Items</dt>
          <dd>
            <OrderLines items={order.items} />
          </dd>
          <dt>Amount</dt>
          <dd>{money(order.total)}</dd>
          {(action.details.money ?? []).length > 0 && (
            <>
              <dt>Money</dt>
              <dd>
                <ul className="money-moves" aria-label="Money">
                  {action.details.money.map((m, n) => (
                    <li key={n}>
                      {m.kind === 'payment' ? 'Charged' : 'Refunded'} {money(m.amount)} to{' '}
                      {m.method}
                      {m.giftCardBalanceAfter !== undefined &&
                        ` (balance after: ${money(m.giftCardBalanceAfter)})`}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          {action.details.newAddress && (
            <>
              <dt>New address</dt>
              <dd>{action.details.newAddress}</dd>
            </>
          )}
        </dl>
      )}
      {open ? (
        <div className="pending-buttons">
          <button
            type="button"
            className="button primary"
            aria-describedby={summaryId}
            onClick={() => onAnswer(action, true)}
          >
            Confirm
          </button>
          <button
            type="button"
            className="button"
            aria-describedby={summaryId}
            onClick={() => onAnswer(action, false)}
          >
            Decline
          </button>
        </div>
      ) : (
        <p className="pending-outcome" role="status">
          {OUTCOME[action.state]}
        </p>
      )}
    </section>
  )
}
