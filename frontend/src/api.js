// The CloudMart API, called with the signed-in customer's bearer token; failures in plain words.
import i18n from './i18n.js'
import { readEvents } from './sse.js'

const said = (key) => i18n.t(`errors.${key}`)
export const cutOff = () => said('cutOff')

export class ApiError extends Error {
  constructor(message, status = 0) {
    super(message)
    this.name = 'ApiError'
    this.status = status
  }
}

export function errorFromBody(status, body) {
  return new ApiError(plainWords(status, body), status)
}

// The API's own messages are English (for developers): shown as they are to an English page,
// in other languages replaced by a plain "that did not work".
function plainWords(status, body) {
  if (status === 401) return said('expired')
  if (status === 429) return said('tooMany')
  if (status >= 500) return said('server')
  const message = typeof body?.message === 'string' ? body.message.trim() : ''
  if (!message || !i18n.language?.startsWith('en')) return said('failed')
  const sentence = message[0].toUpperCase() + message.slice(1)
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}

async function send(path, { token, method = 'GET', body, accept = 'application/json' } = {}) {
  const headers = { Accept: accept }
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(said('offline'))
  }
  if (!response.ok) {
    throw errorFromBody(response.status, await response.json().catch(() => null))
  }
  return response
}

async function request(path, options) {
  const response = await send(path, options)
  try {
    return await response.json()
  } catch {
    throw new ApiError(said('unreadable'), response.status)
  }
}

const post = (path, token, body) => request(path, { token, method: 'POST', body })
const segment = encodeURIComponent

export const api = {
  demoCustomers: () => request('/api/auth/demo-customers'),
  demoLogin: (email) => post('/api/auth/demo-login', undefined, { email }),
  me: (token) => request('/api/auth/me', { token }),
  myOrders: (token, email) => request(`/api/orders/user?email=${segment(email)}`, { token }),
  profile: (token) => request('/api/me', { token }),
  setLanguage: (token, language) => request('/api/me/language', { token, method: 'PUT', body: { language } }),
  startConversation: (token) => post('/api/ai/start', token),
  conversation: (token, threadId) => request(`/api/ai/conversations/${segment(threadId)}`, { token }),
  confirm: (token, actionId) => post(`/api/ai/actions/${segment(actionId)}/confirm`, token),
  decline: (token, actionId) => post(`/api/ai/actions/${segment(actionId)}/decline`, token),
}

// One turn, streamed: the `text`, `tool` and `pending_action` events as they come, then `done`.
export async function* streamMessage(token, threadId, message) {
  const response = await send('/api/ai/message/stream', {
    token,
    method: 'POST',
    body: { threadId, message },
    accept: 'text/event-stream',
  })
  try {
    yield* readEvents(response.body)
  } catch (err) {
    throw err instanceof ApiError ? err : new ApiError(cutOff())
  }
}
