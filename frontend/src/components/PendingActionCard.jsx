import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import PendingFacts from './PendingFacts.jsx'

// Exactly what will happen if the customer confirms: the server runs it only on that click.
export default function PendingActionCard({ action, onAnswer }) {
  const titleId = useId()
  const { t } = useTranslation()
  const summaryId = useId()
  const open = action.state === 'open'
  return (
    <section className={`pending ${action.state}`} role="group" aria-labelledby={titleId}>
      <h3 id={titleId}>{open ? t('card.confirmTitle') : t('card.requested')}</h3>
      <p id={summaryId}>{action.summary}</p>
      {action.details?.order && <PendingFacts details={action.details} />}
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
