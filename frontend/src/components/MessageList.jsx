import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import Message from './Message.jsx'

// role="log" is a polite live region: screen readers announce each new message, once a streamed
// reply is complete (aria-busy holds the announcement back while it streams).
export default function MessageList({ entries, busy, onAnswer, onPick }) {
  const log = useRef(null)
  const { t } = useTranslation()
  useEffect(() => {
    log.current.scrollTop = log.current.scrollHeight
  }, [entries])

  return (
    <div
      ref={log}
      className="thread"
      role="log"
      aria-live="polite"
      aria-busy={busy}
      aria-label={t('chat.conversation')}
    >
      {entries.length === 0 && (
        <p className="muted empty">
          {t('chat.empty')}
        </p>
      )}
      {entries.map((entry, n) => (
        <Message
          key={entry.id}
          entry={entry}
          onAnswer={onAnswer}
          // answers offered as buttons: only under the latest reply, and not while busy
          onPick={n === entries.length - 1 && !busy ? onPick : null}
        />
      ))}
    </div>
  )
}
