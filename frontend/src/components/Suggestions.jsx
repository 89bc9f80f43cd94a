const PROMPTS = ['Show my orders', 'Recommend headphones under $100', 'I want to talk to a person']

export default function Suggestions({ onPick }) {
  return (
    <div className="suggestions" role="group" aria-label="Things to ask">
      {PROMPTS.map((prompt) => (
        <button key={prompt} type="button" className="chip" onClick={() => onPick(prompt)}>
          {prompt}
        </button>
      ))}
    </div>
  )
}
