import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

// The whole conversation as staff see it: who wrote each entry, staff notes set apart; kept
// scrolled to the latest entry (the customer's answer or the note just added).
export default function StaffTranscript({ entries, actions }) {
  const { t } = useTranslation()
  const log = useRef(null)
  useEffect(() => {
    log.current.scrollTop = log.current.scrollHeight
  }, [entries])
  return (
    <div ref={log} className="staff-thread" role="log" aria-label={t('chat.conversation')}>
      {entries.map((entry, n) => (
        <article key={entry.seq ?? `e${n}`} className={`staff-entry by-${entry.author}`}>
          <span className="staff-author">
            {entry.author === 'agent' || entry.author === 'note'
              ? t(`staff.authors.${entry.author}`, { name: entry.name })
              : t(`staff.authors.${entry.author}`)}
          </span>
          <p>{entry.text}</p>
        </article>
      ))}
      {actions.length > 0 && (
        <section className="staff-actions" aria-label={t('staff.actions')}>
          <h3>{t('staff.actions')}</h3>
          <ul>
            {actions.map((a) => (
              <li key={a.id}>
                <code>{a.tool}</code> · {a.status}
                {a.actor ? ` · ${a.actor.name}` : ''}
                {a.summary ? ` · ${a.summary}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
