import { useCallback, useEffect, useState } from 'react'
import { api } from '../api.js'

// The signed-in customer's orders; `refresh` reloads them after the assistant acts.
export function useOrders({ token, email }) {
  const [orders, setOrders] = useState(null)
  const [error, setError] = useState(null)
  const refresh = useCallback(async () => {
    try {
      setOrders(await api.myOrders(token, email))
      setError(null)
    } catch (err) {
      setError(err.message)
    }
  }, [token, email])
  useEffect(() => {
    refresh()
  }, [refresh])
  return { orders, error, refresh }
}
