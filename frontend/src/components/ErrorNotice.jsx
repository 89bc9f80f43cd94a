import { useTranslation } from 'react-i18next'

export default function ErrorNotice({ message, onRetry }) {
  const { t } = useTranslation()
  return (
    <div className="notice error" role="alert">
      <p>{message}</p>
      <button type="button" className="button" onClick={onRetry}>
        {t('chat.retry')}
      </button>
    </div>
  )
}
