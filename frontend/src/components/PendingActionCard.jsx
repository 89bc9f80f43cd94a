import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { money } from '../format.js'
import OrderLines from './OrderLines.jsx'

// Exactly what will happen if the customer confirms: the server runs it only on that click.
export default function PendingActionCard({ action, onAnswer }) {
  const titleId = useId()
  const { t } = useTranslation()
  const summaryId = useId()
  const order = action.details?.order
  const open = action.state === 'open'
  return (
    <section className={`pending ${action.state}`} role="group" aria-labelledby={titleId}>
      <h3 id={titleId}>{open ? t('card.confirmTitle') : t('card.requested')}</h3>
      <p id={summaryId}>{action.summary}</p>
      {order && (
        <dl className="pending-facts">
          <dt>{t('card.order')}</dt>
          <dd>{order.id}</dd>
          <dt>{t('card.items')}</dt>
          <dd>
            <OrderLines items={order.items} />
          </dd>
          <dt>{t('card.amount')}</dt>
          <dd>{money(order.total)}</dd>
          {(action.details.money ?? []).length > 0 && (
            <>
              <dt>{t('card.money')}</dt>
              <dd>
                <ul className="money-moves" aria-label={t('card.money')}>
                  {action.details.money.map((m, n) => (
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
              </dd>
            </>
          )}
          {action.details.newAddress && (
            <>
              <dt>{t('card.newAddress')}</dt>
              <dd>{action.details.newAddress}</dd>
            </>
          )}
        </dl>
      )}
      {open ? (
        <div className="pending-buttons">
          <button
            type="button"
            className="button primary"
            aria-describedby={summaryId}
            onClick={() => onAnswer(action, true)}
          >
            {t('card.confirm')}
          </button>
          <button
            type="button"
            className="button"
            aria-describedby={summaryId}
            onClick={() => onAnswer(action, false)}
          >
            {t('card.decline')}
          </button>
        </div>
      ) : (
        <p className="pending-outcome" role="status">
          {t(`card.${action.state}`)}
        </p>
      )}
    </section>
  )
}
