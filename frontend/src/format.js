// How amounts, statuses, stock and the assistant's actions read on the page, in its language.
import i18n from './i18n.js'

const locale = () => i18n.language || 'en'

export const money = (amount) =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency: 'USD' }).format(Number(amount))

export const date = (iso) =>
  iso
    ? new Intl.DateTimeFormat(locale(), { month: 'short', day: 'numeric', year: 'numeric' }).format(
        new Date(iso),
      )
    : ''

export function statusLabel(status) {
  const key = `status.${status ?? 'unknown'}`
  return i18n.exists(key) ? i18n.t(key) : String(status).replace(/_/g, ' ')
}

export function stockLabel(product) {
  if (!product.inStock) return i18n.t('stock.soldOut')
  return product.stock <= 5 ? i18n.t('stock.few', { count: product.stock }) : i18n.t('stock.in')
}

export const itemsLabel = (items = []) =>
  new Intl.ListFormat(locale(), { type: 'unit' }).format(
    items.map((item) => `${item.quantity} × ${item.name}`),
  )

// The state-changing tools, as a short line in the thread: "✓ canceled CM-7890".
export function describeAction({ tool, status, arguments: args = {}, result }) {
  const phrases = i18n.t(`actions.${tool}`, { returnObjects: true })
  if (!Array.isArray(phrases)) return null
  const ok = status === 'succeeded' && result?.ok !== false
  const values = { order: args.order_id ?? '', ticket: result?.ticket?.id ?? '' }
  return { ok, text: i18n.t(`actions.${tool}.${ok ? 0 : 1}`, values) }
}

// How long ago an ISO time was, in the page's language ("3 minutes ago").
export function since(iso) {
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000)
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' })
  if (Math.abs(seconds) < 60) return rtf.format(seconds, 'second')
  if (Math.abs(seconds) < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
  if (Math.abs(seconds) < 86400) return rtf.format(Math.round(seconds / 3600), 'hour')
  return rtf.format(Math.round(seconds / 86400), 'day')
}
