import { useTranslation } from 'react-i18next'
import { money, statusLabel } from '../format.js'

// The customer a ticket is about: their profile and their orders.
export default function TicketCustomer({ customer, info, orders }) {
  const { t } = useTranslation()
  return (
    <section className="ticket-customer" aria-labelledby="ticket-customer-title">
      <h3 id="ticket-customer-title">{t('staff.customer')}</h3>
      <p>
        <strong>{info.name}</strong>
        <br />
        <span className="muted">{info.email}</span>
      </p>
      {customer?.address && (
        <p className="muted">
          {[customer.address.address1, customer.address.city, customer.address.zip]
            .filter(Boolean)
            .join(', ')}
        </p>
      )}
      <h3>{t('staff.orders')}</h3>
      <ul className="ticket-orders">
        {orders.map((order) => (
          <li key={order.id} data-order={order.id}>
            <strong>{order.id}</strong> · <span className="order-status">{statusLabel(order.status)}</span> ·{' '}
            {money(order.total)}
          </li>
        ))}
      </ul>
    </section>
  )
}
