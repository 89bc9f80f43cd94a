import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, api, cutOff, errorFromBody, followEvents, streamMessage } from '../api.js'
import { loadThreadId, saveThreadId } from '../storage.js'
import {
  assistantEntry,
  fromConversation,
  hasOpenCard,
  openCard,
  personEntry,
  settleCards,
  turnFields,
  userEntry,
  withCardState,
} from '../thread.js'

// The conversation with the assistant: streamed turns, pending actions to answer, errors to retry.
// `onActed` runs after the assistant changed something (so "My orders" can reload).
export function useChat(token, onActed) {
  const [entries, setEntries] = useState([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState(null)
  const [holder, setHolder] = useState({ mode: 'assistant', heldBy: null })
  const [live, setLive] = useState(loadThreadId())
  const threadId = useRef(loadThreadId())
  const latest = useRef(entries)
  useEffect(() => {
    latest.current = entries
  })

  const update = useCallback((id, change) => {
    setEntries((list) => list.map((e) => (e.id === id ? { ...e, ...change(e) } : e)))
  }, [])

  const forgetThread = useCallback(() => {
    threadId.current = null
    saveThreadId(null)
  }, [])

  // What a person writes (and who holds the conversation) arrives live, with no reload.
  useEffect(() => {
    if (!live) return undefined
    const stop = new AbortController()
    const path = `/api/ai/conversations/${encodeURIComponent(live)}/events`
    followEvents(
      path,
      token,
      ({ event, data }) => {
        if (event === 'conversation') setHolder({ mode: data.mode, heldBy: data.heldBy })
        if (event === 'message' && (data.author === 'agent' || data.author === 'system')) {
          setEntries((list) =>
            list.some((e) => e.seq === data.seq) ? list : [...list, personEntry(data)],
          )
          if (data.author === 'agent' && data.tool) onActed()
        }
      },
      stop.signal,
    )
    return () => stop.abort()
  }, [live, token, onActed])

  useEffect(() => {
    if (!threadId.current) return undefined
    let live = true
    api
      .conversation(token, threadId.current)
      .then((c) => live && setEntries((list) => (list.length ? list : fromConversation(c))))
      .catch((err) => err.status === 404 && forgetThread())
    return () => {
      live = false
    }
  }, [token, forgetThread])

  const runTurn = useCallback(
    async (text, replyId) => {
      if (!threadId.current) {
        threadId.current = (await api.startConversation(token)).threadId
        saveThreadId(threadId.current)
        setLive(threadId.current)
      }
      let turn = null
      for await (const { event, data } of streamMessage(token, threadId.current, text)) {
        if (event === 'text') update(replyId, (e) => ({ text: e.text + data.text }))
        else if (event === 'pending_action') update(replyId, () => ({ pending: openCard(data.action) }))
        else if (event === 'done') turn = data
        else if (event === 'error') throw errorFromBody(data.code ?? 500, data)
      }
      if (!turn) throw new ApiError(cutOff())
      return turn
    },
    [token, update],
  )

  const settle = useCallback(
    async (turn) => {
      const conversation = await api.conversation(token, turn.threadId).catch(() => null)
      if (!conversation) return
      const stillPending = new Set(conversation.pendingActions.map((a) => a.id))
      const confirmed = new Set(turn.actions.map((a) => a.id))
      setEntries((list) => settleCards(list, stillPending, confirmed))
    },
    [token],
  )

  const send = useCallback(
    async (text, { retry = false } = {}) => {
      const reply = assistantEntry({ streaming: true })
      const hadOpenCards = hasOpenCard(latest.current)
      setError(null)
      setBusy(true)
      setEntries((list) => [...list, ...(retry ? [] : [userEntry(text)]), reply])
      try {
        const turn = await runTurn(text, reply.id)
        update(reply.id, () => turnFields(turn))
        if (turn.actions.length) onActed()
        if (hadOpenCards) await settle(turn)
      } catch (err) {
        setEntries((list) => list.filter((e) => e.id !== reply.id))
        if (err.status === 404) forgetThread()
        setError({ message: err.message, retry: () => send(text, { retry: true }) })
      } finally {
        setBusy(false)
      }
    },
    [runTurn, update, onActed, settle, forgetThread],
  )

  const answer = useCallback(
    async (action, confirm) => {
      setError(null)
      setEntries((list) => withCardState(list, action.id, 'working'))
      try {
        const outcome = await (confirm ? api.confirm : api.decline)(token, action.id)
        const taken = { ...outcome.action, status: 'succeeded', result: outcome.result }
        setEntries((list) => [
          ...withCardState(list, action.id, confirm ? 'confirmed' : 'declined'),
          assistantEntry({ text: outcome.response, actions: confirm ? [taken] : [] }),
        ])
        if (confirm) onActed()
      } catch (err) {
        setEntries((list) => withCardState(list, action.id, 'open'))
        setError({ message: err.message, retry: () => answer(action, confirm) })
      }
    },
    [token, onActed],
  )

  // "Talk to a person": a ticket for this conversation; a person answers from now on.
  const handOff = useCallback(async () => {
    setError(null)
    try {
      if (!threadId.current) {
        threadId.current = (await api.startConversation(token)).threadId
        saveThreadId(threadId.current)
        setLive(threadId.current)
      }
      const outcome = await api.handOff(token, threadId.current)
      setHolder((h) => ({ ...h, mode: outcome.mode }))
      setEntries((list) => [...list, assistantEntry({ text: outcome.response })])
    } catch (err) {
      setError({ message: err.message, retry: handOff })
    }
  }, [token])

  return { entries, busy, error, send, answer, holder, handOff }
}
