import { useTranslation } from 'react-i18next'
import OrderCard from './OrderCard.jsx'

export default function MyOrders({ orders, methods, error, onRefresh }) {
  const { t } = useTranslation()
  return (
    <section className="panel orders" aria-labelledby="orders-title">
      <div className="panel-head">
        <h2 id="orders-title">{t('orders.title')}</h2>
        <button type="button" className="button ghost small" onClick={onRefresh}>
          {t('orders.refresh')}
        </button>
      </div>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {orders === null && !error && <p className="muted">{t('orders.loading')}</p>}
      {orders?.length === 0 && <p className="muted">{t('orders.none')}</p>}
      {orders?.length > 0 && (
        <ul className="order-list" aria-label={t('orders.list')}>
          {orders.map((order) => (
            <li key={order.id}>
              <OrderCard order={order} methods={methods} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
