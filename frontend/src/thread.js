// The conversation as the page shows it, built from the API's turns (never by parsing the text).
let lastId = 0
const nextId = () => `entry-${++lastId}`

export const userEntry = (text) => ({ id: nextId(), role: 'user', text })

export const assistantEntry = (fields = {}) => ({
  id: nextId(),
  role: 'assistant',
  text: '',
  streaming: false,
  actions: [],
  products: [],
  pending: null,
  choices: [],
  ...fields,
})

export const openCard = (action) => ({ ...action, state: 'open' })

// A finished turn (`done`): the final text, the actions taken, the products its tools found.
export function turnFields(turn) {
  return {
    text: turn.response,
    streaming: false,
    actions: turn.actions,
    products: productsOf(turn.actions),
    pending: turn.pendingAction ? openCard(turn.pendingAction) : null,
    // the cards of the actions a "which one?" reply asks about (several were pending)
    choices: (turn.pendingActions ?? []).map(openCard),
    quickReplies: turn.quickReplies ?? [],
  }
}

function productsOf(actions) {
  const byId = new Map()
  for (const action of actions) {
    for (const product of action.result?.products ?? []) byId.set(product.id, product)
  }
  return [...byId.values()]
}

// A person's entry (an agent's reply, or a line of the system: someone joined, the assistant is
// back), as it came from the conversation or its live stream; `seq` keeps it from showing twice.
export const personEntry = (m) => ({
  id: nextId(),
  role: m.author === 'agent' ? 'agent' : 'system',
  name: m.name ?? '',
  text: m.text,
  seq: m.seq ?? null,
})

// A stored conversation, as it looks again after a reload; its pending actions stay answerable.
export function fromConversation({ messages, pendingActions }) {
  const pending = new Map(pendingActions.map((action) => [action.id, action]))
  return messages
    .filter((m) => ['user', 'assistant', 'agent', 'system'].includes(m.role))
    .map((m) => {
      if (m.role === 'user') return userEntry(m.text)
      if (m.role === 'agent' || m.role === 'system') return personEntry(m)
      const action = pending.get(m.pendingActionId)
      return assistantEntry({ text: m.text, pending: action ? openCard(action) : null })
    })
}

const cardsOf = (entry) => [entry.pending, ...(entry.choices ?? [])].filter(Boolean)

// Every card of an entry changed by `change` (a card keeps its identity: its action's id).
function mapCards(entry, change) {
  return {
    ...entry,
    pending: entry.pending ? change(entry.pending) : entry.pending,
    choices: (entry.choices ?? []).map(change),
  }
}

export const hasOpenCard = (entries) =>
  entries.some((e) => cardsOf(e).some((card) => card.state === 'open'))

// Cards the server no longer holds (a typed "yes" or "no" answered them, or they expired).
export function settleCards(entries, stillPending, confirmedIds) {
  return entries.map((e) =>
    mapCards(e, (card) => {
      if (card.state !== 'open' || stillPending.has(card.id)) return card
      return { ...card, state: confirmedIds.has(card.id) ? 'confirmed' : 'closed' }
    }),
  )
}

export function withCardState(entries, actionId, state) {
  return entries.map((e) =>
    mapCards(e, (card) => (card.id === actionId ? { ...card, state } : card)),
  )
}
