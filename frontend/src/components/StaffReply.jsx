import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'

// A reply into the customer's chat, or (the toggle) a note only staff see. Enter sends.
export default function StaffReply({ onPost, busy }) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [internal, setInternal] = useState(false)
  const inputId = useId()

  async function submit(event) {
    event?.preventDefault()
    if (!text.trim()) return
    const posted = await onPost(text.trim(), internal)
    if (posted) setText('')
  }

  return (
    <form className={`staff-reply ${internal ? 'as-note' : ''}`} onSubmit={submit}>
      <label htmlFor={inputId}>{internal ? t('staff.noteLabel') : t('staff.replyLabel')}</label>
      <textarea
        id={inputId}
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) submit(e)
        }}
      />
      <div className="staff-reply-row">
        <label className="toggle">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
          {t('staff.internal')}
        </label>
        <button type="submit" className="button primary" disabled={busy || !text.trim()}>
          {internal ? t('staff.addNote') : t('staff.send')}
        </button>
      </div>
    </form>
  )
}
