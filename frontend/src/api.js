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
  action: (token, actionId) => request(`/api/ai/actions/${segment(actionId)}`, { token }),
  confirm: (token, actionId) => post(`/api/ai/actions/${segment(actionId)}/confirm`, token),
  decline: (token, actionId) => post(`/api/ai/actions/${segment(actionId)}/decline`, token),
  handOff: (token, threadId) => post(`/api/ai/conversations/${segment(threadId)}/handoff`, token, {}),
}

// The support inbox (staff only).
const ticketPath = (id) => `/api/staff/tickets/${segment(id)}`
export const staffApi = {
  tickets: (token, { status, assignee } = {}) => {
    const query = new URLSearchParams({ limit: '50' })
    if (status) query.set('status', status)
    if (assignee) query.set('assignee', assignee)
    return request(`/api/staff/tickets?${query}`, { token })
  },
  ticket: (token, id) => request(ticketPath(id), { token }),
  claim: (token, id, force = false) => post(`${ticketPath(id)}/claim`, token, { force }),
  post: (token, id, text, internal) => post(`${ticketPath(id)}/messages`, token, { text, internal }),
  handBack: (token, id) => post(`${ticketPath(id)}/handback`, token),
  resolve: (token, id, resolution) => post(`${ticketPath(id)}/resolve`, token, { resolution }),
  run: (token, id, tool, args) => post(`${ticketPath(id)}/actions`, token, { tool, arguments: args }),
  confirm: (token, id, actionId) =>
    post(`${ticketPath(id)}/actions/${segment(actionId)}/confirm`, token),
  decline: (token, id, actionId) =>
    post(`${ticketPath(id)}/actions/${segment(actionId)}/decline`, token),
}

// A live event stream (text/event-stream over fetch, so the bearer token travels in a header),
// resumed after each end or break with the last event id; stops when `signal` aborts.
export async function followEvents(path, token, onEvent, signal) {
  let lastId = null
  while (!signal.aborted) {
    try {
      const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${token}` }
      if (lastId !== null) headers['Last-Event-ID'] = lastId
      const response = await fetch(path, { headers, signal })
      if (!response.ok) {
        if (response.status === 404 || response.status === 403) return
        throw new Error(String(response.status))
      }
      for await (const frame of readEvents(response.body)) {
        if (frame.id) lastId = frame.id
        onEvent(frame)
      }
    } catch {
      if (signal.aborted) return
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
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
