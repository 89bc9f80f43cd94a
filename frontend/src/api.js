// The CloudMart API, called with the signed-in customer's bearer token; failures in plain words.
import { readEvents } from './sse.js'

const OFFLINE = "We couldn't reach CloudMart. Check your connection and try again."
export const CUT_OFF = 'The answer was cut off. Please try again.'
const UNREADABLE = "We got an answer we couldn't read. Please try again."

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

function plainWords(status, body) {
  if (status === 401) return 'Your sign-in has expired. Please sign out and sign in again.'
  if (status === 429) return 'Too many requests at once. Please wait a moment and try again.'
  if (status >= 500) return 'Something went wrong on our side. Please try again in a moment.'
  const message = typeof body?.message === 'string' ? body.message.trim() : ''
  if (!message) return 'That did not work. Please try again.'
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
    throw new ApiError(OFFLINE)
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
    throw new ApiError(UNREADABLE, response.status)
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
    throw err instanceof ApiError ? err : new ApiError(CUT_OFF)
  }
}
