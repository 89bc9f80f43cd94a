import { date, money } from '../format.js'
import OrderLines from './OrderLines.jsx'
import StatusBadge from './StatusBadge.jsx'

export default function OrderCard({ order }) {
  const tracking = (order.fulfillments ?? []).flatMap((f) => f.trackingIds)
  const payments = order.paymentHistory ?? []
  return (
    <article className="order" aria-label={`Order ${order.id}`}>
      <div className="order-head">
        <strong>{order.id}</strong>
        <StatusBadge status={order.status} />
      </div>
      <OrderLines items={order.items} />
      <p className="order-meta muted">
        <span>{date(order.createdAt)}</span>
        <span className="order-total">{money(order.total)}</span>
      </p>
      {tracking.length > 0 && <p className="muted small">Tracking: {tracking.join(', ')}</p>}
      {payments.length > 0 && (
        <ul className="payments muted small" aria-label={`Payments of ${order.id}`}>
          {payments.map((t, n) => (
            <li key={n}>
              {t.kind === 'payment' ? 'Paid' : 'Refunded'} {money(t.amount)} ·{' '}
              {t.paymentMethodId.replace(/_/g, ' ')}
            </li>
          ))}
        </ul>
      )}
    </article>
  )
}
