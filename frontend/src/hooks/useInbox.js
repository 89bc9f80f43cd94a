import { useCallback, useEffect, useState } from 'react'
import { followEvents, staffApi } from '../api.js'

// The staff inbox: the tickets matching the filters, kept live from the staff event stream;
// a ticket that changed since it was last opened here is marked unread.
export function useInbox(token, filters) {
  const [tickets, setTickets] = useState([])
  const [error, setError] = useState(null)
  const [seen, setSeen] = useState({}) // ticket id -> the version last opened
  const [changed, setChanged] = useState(null) // the last ticket the stream told of

  const load = useCallback(() => {
    staffApi
      .tickets(token, filters)
      .then((list) => {
        setTickets(list)
        setError(null)
      })
      .catch((err) => setError(err.message))
  }, [token, filters])

  useEffect(load, [load])

  useEffect(() => {
    const stop = new AbortController()
    followEvents(
      '/api/staff/events',
      token,
      ({ event, data }) => {
        if (event !== 'ticket') return
        setChanged(data)
        setTickets((list) => upsert(list, data, filters))
      },
      stop.signal,
    )
    return () => stop.abort()
  }, [token, filters])

  const markSeen = useCallback((ticket) => {
    setSeen((s) => ({ ...s, [ticket.id]: ticket.version }))
  }, [])

  const unread = (ticket) => (seen[ticket.id] ?? 0) < ticket.version
  return { tickets, error, unread, markSeen, changed, reload: load }
}

function matches(ticket, { status, assignee, me }) {
  if (status && ticket.status !== status) return false
  if (assignee === 'none' && ticket.assignee) return false
  if (assignee === 'me' && ticket.assignee?.id !== me) return false
  return true
}

function upsert(list, ticket, filters) {
  const others = list.filter((t) => t.id !== ticket.id)
  if (!matches(ticket, filters)) return others
  return [ticket, ...others].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
}
