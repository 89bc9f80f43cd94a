import { useCallback, useEffect, useState } from 'react'
import { api } from '../api.js'
import i18n from '../i18n.js'

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
      const profile = await api.profile(token)
      setProfile(profile)
      // the shopper's saved language wins over the browser's (DESIGN.md §11)
      if (profile.language && profile.language !== i18n.language) i18n.changeLanguage(profile.language)
    } catch {
      setProfile(null) // a principal without a customer profile (an admin) has none
    }
  }, [token, email])
  useEffect(() => {
    refresh()
  }, [refresh])
  return { orders, profile, error, refresh }
}
