import { useOrders } from '../hooks/useOrders.js'
import Chat from './Chat.jsx'
import MyOrders from './MyOrders.jsx'

export default function SupportPage({ session }) {
  const { orders, error, refresh } = useOrders(session)
  return (
    <div className="support">
      <Chat token={session.token} onActed={refresh} />
      <MyOrders orders={orders} error={error} onRefresh={refresh} />
    </div>
  )
}
