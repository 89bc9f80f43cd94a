export default function TypingIndicator() {
  return (
    <p className="bubble typing" role="status" aria-label="The assistant is typing">
      <span className="dot" />
      <span className="dot" />
      <span className="dot" />
    </p>
  )
}
