import { money } from '../format.js'

export default function OrderLines({ items = [] }) {
  return (
    <ul className="order-lines">
      {items.map((item) => (
        <li key={item.productId}>
          {item.quantity} × {item.name}
          {item.unitPrice !== undefined && <span className="muted"> · {money(item.unitPrice)}</span>}
        </li>
      ))}
    </ul>
  )
}
