import { useState } from 'react'
import { useTranslation } from 'react-i18next'

// Enter sends; Shift+Enter starts a new line. The box stays editable while a reply streams.
export default function Composer({ onSend, busy }) {
  const [text, setText] = useState('')
  const { t } = useTranslation()
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
        {t('chat.messageLabel')}
      </label>
      <textarea
        id="message"
        rows={1}
        value={text}
        maxLength={4000}
        placeholder={t('chat.placeholder')}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button primary" disabled={!ready} aria-label={t('chat.sendLabel')}>
        {t('chat.send')}
      </button>
    </form>
  )
}
