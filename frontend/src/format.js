// How amounts, statuses, stock and the assistant's actions read on the page.

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })
const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' })

export const money = (amount) => usd.format(Number(amount))
export const date = (iso) => (iso ? day.format(new Date(iso)) : '')

export function statusLabel(status) {
  const words = String(status ?? 'unknown').replace(/_/g, ' ')
  return words[0].toUpperCase() + words.slice(1)
}

export function stockLabel(product) {
  if (!product.inStock) return 'Sold out'
  return product.stock <= 5 ? `Only ${product.stock} left` : 'In stock'
}

export const itemsLabel = (items = []) =>
  items.map((item) => `${item.quantity} × ${item.name}`).join(', ')

// The state-changing tools, as a short line in the thread: "✓ canceled CM-7890".
const ACTIONS = {
  cancel_pending_order: [(a) => `canceled ${a.order_id}`, (a) => `couldn't cancel ${a.order_id}`],
  modify_pending_order_address: [
    (a) => `new shipping address for ${a.order_id}`,
    (a) => `couldn't change the address of ${a.order_id}`,
  ],
  modify_pending_order_payment: [
    (a) => `${a.order_id} now paid another way`,
    (a) => `couldn't change how ${a.order_id} is paid`,
  ],
  modify_pending_order_items: [
    (a) => `items of ${a.order_id} changed`,
    (a) => `couldn't change the items of ${a.order_id}`,
  ],
  return_delivered_order_items: [
    (a) => `return requested for ${a.order_id}`,
    (a) => `couldn't request a return of ${a.order_id}`,
  ],
  exchange_delivered_order_items: [
    (a) => `exchange requested for ${a.order_id}`,
    (a) => `couldn't request an exchange of ${a.order_id}`,
  ],
  modify_user_address: [() => 'default address changed', () => "couldn't change the address"],
  transfer_to_human_agents: [
    (a, result) => `ticket ${result?.ticket?.id ?? ''} opened for a person to pick up`,
    () => "couldn't hand this to a person",
  ],
  delete_order: [(a) => `deleted ${a.order_id}`, (a) => `couldn't delete ${a.order_id}`],
}

export function describeAction({ tool, status, arguments: args = {}, result }) {
  const phrases = ACTIONS[tool]
  if (!phrases) return null
  const ok = status === 'succeeded' && result?.ok !== false
  return { ok, text: (ok ? phrases[0] : phrases[1])(args, result) }
}
