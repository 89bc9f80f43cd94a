import { money } from './format.js'

// A payment method as the shopper knows it ("visa ending 4242", "PayPal"); the profile lists a gift
// card with its balance, an order's payments by its name. A method the profile no longer has is
// shown by its id.
const NAME = {
  credit_card: (m, t) => t('profile.card', { brand: m.brand ?? t('profile.cardBrand'), lastFour: m.lastFour }),
  paypal: () => 'PayPal',
  gift_card: (m, t, withBalance) =>
    withBalance ? t('profile.giftCard', { amount: money(m.balance) }) : t('profile.giftCardName'),
}

export function methodName(method, t, withBalance = false) {
  const name = NAME[method?.source]
  return name ? name(method, t, withBalance) : null
}

// An order's payment line names the method from the profile's list, else by its id.
export function paidWith(methodId, methods, t) {
  const method = (methods ?? []).find((m) => m.id === methodId)
  return methodName(method, t) ?? methodId.replace(/_/g, ' ')
}
