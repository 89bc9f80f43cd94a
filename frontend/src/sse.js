// Server-sent events read from a fetch() response body: yields {event, data}, data parsed as JSON.

export async function* readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += value
    let end
    while ((end = buffer.search(/\r?\n\r?\n/)) !== -1) {
      const frame = parseFrame(buffer.slice(0, end))
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '')
      if (frame) yield frame
    }
  }
}

function parseFrame(text) {
  let event = 'message'
  let id = null
  const data = []
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') event = value
    else if (field === 'id') id = value
    else if (field === 'data') data.push(value)
  }
  return data.length ? { event, id, data: JSON.parse(data.join('\n')) } : null
}
