import { useCallback, useEffect, useState } from 'react'
import { staffApi } from '../api.js'

// One ticket as staff work it: its detail (reloaded when the inbox stream says it changed), and
// what an agent does with it; `busy` while a request is out, `error` in plain words.
export function useTicket(token, ticketId, changed) {
  const [detail, setDetail] = useState(null)
  const [error, setError] = useState(null)
  const [busy, setBusy] = useState(false)
  const [preview, setPreview] = useState(null)

  const load = useCallback(() => {
    if (!ticketId) return
    staffApi
      .ticket(token, ticketId)
      .then(setDetail)
      .catch((err) => setError(err.message))
  }, [token, ticketId])

  useEffect(() => {
    setDetail(null)
    setPreview(null)
    load()
  }, [load])

  useEffect(() => {
    if (changed?.id === ticketId) load()
  }, [changed, ticketId, load])

  const act = useCallback(
    async (call) => {
      setBusy(true)
      setError(null)
      try {
        const outcome = await call()
        load()
        return outcome
      } catch (err) {
        setError(err.message)
        return null
      } finally {
        setBusy(false)
      }
    },
    [load],
  )

  const id = ticketId
  return {
    detail,
    error,
    busy,
    preview,
    claim: (force) => act(() => staffApi.claim(token, id, force)),
    post: (text, internal) => act(() => staffApi.post(token, id, text, internal)),
    handBack: () => act(() => staffApi.handBack(token, id)),
    resolve: (resolution) => act(() => staffApi.resolve(token, id, resolution)),
    run: async (tool, args) => {
      const outcome = await act(() => staffApi.run(token, id, tool, args))
      if (outcome?.pendingAction) setPreview({ ...outcome.pendingAction, state: 'open' })
      return outcome
    },
    answer: async (action, confirm) => {
      const call = confirm ? staffApi.confirm : staffApi.decline
      const outcome = await act(() => call(token, id, action.id))
      if (outcome) setPreview({ ...action, state: confirm ? 'confirmed' : 'declined' })
    },
  }
}
