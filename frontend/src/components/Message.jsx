import { useTranslation } from 'react-i18next'
import ActionLines from './ActionLines.jsx'
import PendingActionCard from './PendingActionCard.jsx'
import ProductList from './ProductList.jsx'
import TypingIndicator from './TypingIndicator.jsx'

export default function Message({ entry, onAnswer, onPick }) {
  const mine = entry.role === 'user'
  const { t } = useTranslation()
  if (entry.role === 'system') {
    return (
      <p className="system-line" role="status">
        {entry.text}
      </p>
    )
  }
  if (entry.role === 'agent') {
    return (
      <article className="message theirs person">
        <span className="person-name">{t('chat.personSays', { name: entry.name })}</span>
        <p className="bubble">{entry.text}</p>
      </article>
    )
  }
  return (
    <article className={`message ${mine ? 'mine' : 'theirs'}`}>
      <span className="visually-hidden">{mine ? t('chat.youSaid') : t('chat.assistant')}</span>
      {entry.streaming && !entry.text ? (
        <TypingIndicator />
      ) : (
        <p className="bubble">{entry.text}</p>
      )}
      {!mine && <ActionLines actions={entry.actions} />}
      {!mine && <ProductList products={entry.products} />}
      {!mine && entry.pending && <PendingActionCard action={entry.pending} onAnswer={onAnswer} />}
      {!mine &&
        (entry.choices ?? []).map((action) => (
          <PendingActionCard key={action.id} action={action} onAnswer={onAnswer} />
        ))}
      {!mine && onPick && (entry.quickReplies ?? []).length > 0 && (
        <div className="suggestions" role="group" aria-label={t('chat.quickReplies')}>
          {entry.quickReplies.map((reply) => (
            <button key={reply} type="button" className="chip" onClick={() => onPick(reply)}>
              {reply}
            </button>
          ))}
        </div>
      )}
    </article>
  )
}
