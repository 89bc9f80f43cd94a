import { useTranslation } from 'react-i18next'
import { methodName } from '../methods.js'

// The signed-in customer's default address and payment methods (gift-card balances).
export default function Profile({ profile }) {
  const { t } = useTranslation()
  if (!profile) return null
  const a = profile.address ?? {}
  return (
    <section className="panel profile" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('profile.title')}</h2>
      <p>
        <strong>{t('profile.address')}</strong>
        <br />
        {[a.street, a.address2, a.city, a.state, a.postalCode, a.country].filter(Boolean).join(', ')}
      </p>
      <ul className="payment-methods" aria-label={t('profile.methods')}>
        {profile.paymentMethods.map((m) => (
          <li key={m.id}>{methodName(m, t, true) ?? m.id}</li>
        ))}
      </ul>
    </section>
  )
}
