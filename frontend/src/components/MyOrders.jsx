import OrderCard from './OrderCard.jsx'

export default function MyOrders({ orders, error, onRefresh }) {
  return (
    <section className="panel orders" aria-labelledby="orders-title">
      <div className="panel-head">
        <h2 id="orders-title">My orders</h2>
        <button type="button" className="button ghost small" onClick={onRefresh}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {orders === null && !error && <p className="muted">Loading your orders…</p>}
      {orders?.length === 0 && <p className="muted">You have no orders yet.</p>}
      {orders?.length > 0 && (
        <ul className="order-list" aria-label="Your orders">
          {orders.map((order) => (
            <li key={order.id}>
              <OrderCard order={order} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
