import { useCallback, useEffect, useState } from 'react'
import { api } from '../api.js'

// The signed-in customer's orders and profile; `refresh` reloads them after the assistant acts.
export function useOrders({ token, email }) {
  const [orders, setOrders] = useState(null)
  const [profile, setProfile] = useState(null)
  const [error, setError] = useState(null)
  const refresh = useCallback(async () => {
    try {
      setOrders(await api.myOrders(token, email))
      setError(null)
    } catch (err) {
      setError(err.message)
    }
    try {
      setProfile(await api.profile(token))
    } catch {
      setProfile(null) // a principal without a customer profile (an admin) has none
    }
  }, [token, email])
  useEffect(() => {
    refresh()
  }, [refresh])
  return { orders, profile, error, refresh }
}
