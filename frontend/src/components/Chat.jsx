import { useTranslation } from 'react-i18next'
import { useChat } from '../hooks/useChat.js'
import Composer from './Composer.jsx'
import ErrorNotice from './ErrorNotice.jsx'
import MessageList from './MessageList.jsx'
import Suggestions from './Suggestions.jsx'

export default function Chat({ token, onActed }) {
  const { entries, busy, error, send, answer, holder, handOff } = useChat(token, onActed)
  const { t } = useTranslation()
  const human = holder.mode === 'human'
  return (
    <section className="panel chat" aria-labelledby="chat-title">
      <div className="chat-head">
        <h2 id="chat-title">{t('chat.title')}</h2>
        {human ? (
          <p className="holder" role="status">
            {holder.heldBy ? t('chat.heldBy', { name: holder.heldBy.name }) : t('chat.waitingForPerson')}
          </p>
        ) : (
          <button type="button" className="button ghost" onClick={handOff} disabled={busy}>
            {t('chat.talkToPerson')}
          </button>
        )}
      </div>
      <MessageList entries={entries} busy={busy} onAnswer={answer} onPick={send} />
      {entries.length === 0 && !busy && <Suggestions onPick={send} />}
      {error && <ErrorNotice message={error.message} onRetry={error.retry} />}
      <Composer onSend={send} busy={busy} />
    </section>
  )
}
