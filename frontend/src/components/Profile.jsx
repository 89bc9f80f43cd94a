import { money } from '../format.js'

const METHOD = {
  credit_card: (m) => `${m.brand ?? 'Card'} ending ${m.lastFour}`,
  paypal: () => 'PayPal',
  gift_card: (m) => `Gift card: ${money(m.balance)} left`,
}

// The signed-in customer's default address and payment methods (gift-card balances).
export default function Profile({ profile }) {
  if (!profile) return null
  const a = profile.address ?? {}
  return (
    <section className="panel profile" aria-labelledby="profile-title">
      <h2 id="profile-title">My profile</h2>
      <p>
        <strong>Default address</strong>
        <br />
        {[a.street, a.address2, a.city, a.state, a.postalCode, a.country].filter(Boolean).join(', ')}
      </p>
      <ul className="payment-methods" aria-label="Payment methods">
        {profile.paymentMethods.map((m) => (
          <li key={m.id}>{(METHOD[m.source] ?? (() => m.id))(m)}</li>
        ))}
      </ul>
    </section>
  )
}
