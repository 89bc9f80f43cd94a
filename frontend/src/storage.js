// What the page keeps for this browser tab: the signed-in customer and their conversation.
const SESSION_KEY = 'cloudmart.session'
const THREAD_KEY = 'cloudmart.threadId'

function read(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key))
  } catch {
    return null
  }
}

export const loadSession = () => read(SESSION_KEY)
export const saveSession = (session) => sessionStorage.setItem(SESSION_KEY, JSON.stringify(session))
export const loadThreadId = () => read(THREAD_KEY)

export function saveThreadId(threadId) {
  if (threadId) sessionStorage.setItem(THREAD_KEY, JSON.stringify(threadId))
  else sessionStorage.removeItem(THREAD_KEY)
}

export function clearAll() {
  sessionStorage.removeItem(SESSION_KEY)
  sessionStorage.removeItem(THREAD_KEY)
}
