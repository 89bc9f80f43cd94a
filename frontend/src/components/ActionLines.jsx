import { useTranslation } from 'react-i18next'
import { describeAction } from '../format.js'

// What the assistant did in this turn: "✓ canceled CM-7890" (reads and lookups are left out).
export default function ActionLines({ actions }) {
  const { t } = useTranslation()
  const lines = actions.map(describeAction).filter(Boolean)
  if (lines.length === 0) return null
  return (
    <ul className="action-lines" aria-label={t('chat.actionsTaken')}>
      {lines.map((line, index) => (
        <li key={index} className={line.ok ? 'done' : 'failed'}>
          <span aria-hidden="true">{line.ok ? '✓' : '✕'}</span> {line.text}
        </li>
      ))}
    </ul>
  )
}
