import { date, itemsLabel, money } from '../format.js'
import StatusBadge from './StatusBadge.jsx'

export default function OrderCard({ order }) {
  return (
    <article className="order" aria-label={`Order ${order.id}`}>
      <div className="order-head">
        <strong>{order.id}</strong>
        <StatusBadge status={order.status} />
      </div>
      <p className="order-items">{itemsLabel(order.items)}</p>
      <p className="order-meta muted">
        <span>{date(order.createdAt)}</span>
        <span className="order-total">{money(order.total)}</span>
      </p>
    </article>
  )
}
