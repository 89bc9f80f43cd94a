export default function ErrorNotice({ message, onRetry }) {
  return (
    <div className="notice error" role="alert">
      <p>{message}</p>
      <button type="button" className="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  )
}
