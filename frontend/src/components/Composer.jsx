import { useState } from 'react'

// Enter sends; Shift+Enter starts a new line. The box stays editable while a reply streams.
export default function Composer({ onSend, busy }) {
  const [text, setText] = useState('')
  const ready = text.trim() !== '' && !busy

  function submit(event) {
    event.preventDefault()
    if (!ready) return
    onSend(text.trim())
    setText('')
  }

  function onKeyDown(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event)
  }

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor="message" className="visually-hidden">
        Message
      </label>
      <textarea
        id="message"
        rows={1}
        value={text}
        maxLength={4000}
        placeholder="Type your question…"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button primary" disabled={!ready} aria-label="Send message">
        Send
      </button>
    </form>
  )
}
