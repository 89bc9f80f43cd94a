import { useTranslation } from 'react-i18next'
import { money } from '../format.js'
import OrderLines from './OrderLines.jsx'

// One unit as the card names it: "Glacier Bottle (red, 32 oz) · $29.99".
function unitText(unit) {
  const options = Object.values(unit.options ?? {})
  const described = options.length > 0 ? ` (${options.join(', ')})` : ''
  return `${unit.name}${described} · ${money(unit.unitPrice)}`
}

function Fact({ term, children }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  )
}

// What the operation touches and the money it moves; never the rest of the order.
export default function PendingFacts({ details }) {
  const { t } = useTranslation()
  const { order, items = [], swaps = [], address, difference, refund } = details
  const moves = details.money ?? []
  // A zero difference is no difference: never "$0.00 (you get back)".
  const differenceText = (d) =>
    d.payer
      ? t(d.payer === 'customer' ? 'card.youPay' : 'card.youGetBack', {
          amount: money(d.amount),
          method: d.method,
        })
      : t('card.noDifference')
  return (
    <dl className="pending-facts">
      <Fact term={t('card.order')}>{order.id}</Fact>
      {items.length > 0 && (
        <Fact term={t('card.items')}>
          <OrderLines items={items} />
        </Fact>
      )}
      {swaps.length > 0 && (
        <Fact term={t('card.change')}>
          <ul className="swaps" aria-label={t('card.change')}>
            {swaps.map((swap, n) => (
              <li key={n}>
                {unitText(swap.before)}{' '}
                <span className="after">
                  <span aria-label={t('card.becomes')}>→</span> {unitText(swap.after)}
                </span>
              </li>
            ))}
          </ul>
        </Fact>
      )}
      {address && (
        <Fact term={t('card.address')}>
          {address.before} <span aria-label={t('card.becomes')}>→</span> {address.after}
        </Fact>
      )}
      {difference && <Fact term={t('card.difference')}>{differenceText(difference)}</Fact>}
      {refund && (
        <Fact term={t('card.refund')}>
          {t('card.refundOnArrival', { amount: money(refund.amount), method: refund.method })}
        </Fact>
      )}
      {moves.length > 0 && (
        <Fact term={t('card.money')}>
          <ul className="money-moves" aria-label={t('card.money')}>
            {moves.map((m, n) => (
              <li key={n}>
                {t(m.kind === 'payment' ? 'card.charged' : 'card.refunded', {
                  amount: money(m.amount),
                  method: m.method,
                })}
                {m.giftCardBalanceAfter !== undefined &&
                  t('card.balanceAfter', { amount: money(m.giftCardBalanceAfter) })}
              </li>
            ))}
          </ul>
        </Fact>
      )}
    </dl>
  )
}
