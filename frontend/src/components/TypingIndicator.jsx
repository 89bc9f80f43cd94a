import { useTranslation } from 'react-i18next'

export default function TypingIndicator() {
  const { t } = useTranslation()
  return (
    <p className="bubble typing" role="status" aria-label={t('chat.typing')}>
      <span className="dot" />
      <span className="dot" />
      <span className="dot" />
    </p>
  )
}
