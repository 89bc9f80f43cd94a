import { statusLabel } from '../format.js'

export default function StatusBadge({ status }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {statusLabel(status)}
    </span>
  )
}
