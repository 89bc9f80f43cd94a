import { useTranslation } from 'react-i18next'
import { useChat } from '../hooks/useChat.js'
import Composer from './Composer.jsx'
import ErrorNotice from './ErrorNotice.jsx'
import MessageList from './MessageList.jsx'
import Suggestions from './Suggestions.jsx'

export default function Chat({ token, onActed }) {
  const { entries, busy, error, send, answer } = useChat(token, onActed)
  const { t } = useTranslation()
  return (
    <section className="panel chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{t('chat.title')}</h2>
      <MessageList entries={entries} busy={busy} onAnswer={answer} onPick={send} />
      {entries.length === 0 && !busy && <Suggestions onPick={send} />}
      {error && <ErrorNotice message={error.message} onRetry={error.retry} />}
      <Composer onSend={send} busy={busy} />
    </section>
  )
}
