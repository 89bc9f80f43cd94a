import { useOrders } from '../hooks/useOrders.js'
import Chat from './Chat.jsx'
import MyOrders from './MyOrders.jsx'
import Profile from './Profile.jsx'

export default function SupportPage({ session }) {
  const { orders, profile, error, refresh } = useOrders(session)
  return (
    <div className="support">
      <Chat token={session.token} onActed={refresh} />
      <div className="side">
        <MyOrders orders={orders} methods={profile?.paymentMethods} error={error} onRefresh={refresh} />
        <Profile profile={profile} />
      </div>
    </div>
  )
}
