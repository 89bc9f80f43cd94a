import { useTranslation } from 'react-i18next'
import { date, money } from '../format.js'
import { paidWith } from '../methods.js'
import OrderLines from './OrderLines.jsx'
import StatusBadge from './StatusBadge.jsx'

export default function OrderCard({ order, methods }) {
  const tracking = (order.fulfillments ?? []).flatMap((f) => f.trackingIds)
  const payments = order.paymentHistory ?? []
  const { t } = useTranslation()
  return (
    <article className="order" aria-label={t('orders.order', { id: order.id })}>
      <div className="order-head">
        <strong>{order.id}</strong>
        <StatusBadge status={order.status} />
      </div>
      <OrderLines items={order.items} />
      <p className="order-meta muted">
        <span>{date(order.createdAt)}</span>
        <span className="order-total">{money(order.total)}</span>
      </p>
      {tracking.length > 0 && <p className="muted small">{t('orders.tracking', { numbers: tracking.join(', ') })}</p>}
      {payments.length > 0 && (
        <ul className="payments muted small" aria-label={t('orders.payments', { id: order.id })}>
          {payments.map((p, n) => (
            <li key={n}>
              {p.kind === 'payment' ? t('orders.paid') : t('orders.refunded')} {money(p.amount)} ·{' '}
              {paidWith(p.paymentMethodId, methods, t)}
            </li>
          ))}
        </ul>
      )}
    </article>
  )
}
