import { useTranslation } from 'react-i18next'
import { statusLabel } from '../format.js'

export default function StatusBadge({ status }) {
  useTranslation() // re-rendered when the language changes
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {statusLabel(status)}
    </span>
  )
}
