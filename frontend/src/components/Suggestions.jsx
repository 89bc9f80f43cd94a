import { useTranslation } from 'react-i18next'

export default function Suggestions({ onPick }) {
  const { t } = useTranslation()
  return (
    <div className="suggestions" role="group" aria-label={t('chat.thingsToAsk')}>
      {t('chat.prompts', { returnObjects: true }).map((prompt) => (
        <button key={prompt} type="button" className="chip" onClick={() => onPick(prompt)}>
          {prompt}
        </button>
      ))}
    </div>
  )
}
