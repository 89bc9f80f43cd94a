import { useTranslation } from 'react-i18next'
import { money } from '../format.js'

// An order's lines: quantity, product, the variant's options and the unit price.
export default function OrderLines({ items = [] }) {
  useTranslation() // re-rendered when the language changes (money)
  return (
    <ul className="order-lines">
      {items.map((item, n) => (
        <li key={`${item.itemId ?? item.productId}-${n}`}>
          {item.quantity} × {item.name}
          {item.options && Object.keys(item.options).length > 0 && (
            <span className="muted"> ({Object.values(item.options).join(', ')})</span>
          )}
          {item.unitPrice !== undefined && <span className="muted"> · {money(item.unitPrice)}</span>}
        </li>
      ))}
    </ul>
  )
}
