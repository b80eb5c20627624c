/**
 * What bench-ui.ts installs in the page before the reader's own scripts (page.addInitScript): observers
 * that time the first rows and long animation frames, and the in-page measurements it calls. Plain
 * JavaScript source text, so that nothing the TypeScript loader adds to functions reaches the page.
 */
export const PAGE_SCRIPT = String.raw`
(() => {
  const bench = (window.__bench = { firstRowAt: null, firstRowFrameAt: null, loafs: [], lastKeyAt: 0 })

  new MutationObserver((_, observer) => {
    if (!document.querySelector('[role="option"]')) return
    observer.disconnect()
    bench.firstRowAt = performance.now()
    requestAnimationFrame(() => (bench.firstRowFrameAt = performance.now()))
  }).observe(document, { childList: true, subtree: true })

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        bench.loafs.push({ start: entry.startTime, duration: entry.duration, blocking: entry.blockingDuration })
    }).observe({ type: 'long-animation-frame', buffered: true })
    bench.loafSupported = true
  } catch {
    bench.loafSupported = false
  }

  // The keystroke's own time: if the page was too busy to handle it at once, that wait counts too.
  addEventListener('keydown', (event) => (bench.lastKeyAt = event.timeStamp), true)

  // Every request the reader makes, with its arguments and when the answer came.
  bench.requests = []
  const originalFetch = window.fetch
  window.fetch = function (input, init) {
    const entry = {
      url: typeof input === 'string' ? input : input.url,
      args: null,
      start: performance.now(),
      end: null,
    }
    try {
      entry.args = init && typeof init.body === 'string' ? JSON.parse(init.body) : null
    } catch {}
    bench.requests.push(entry)
    const answer = originalFetch.apply(this, arguments)
    answer.then(
      () => (entry.end = performance.now()),
      () => (entry.end = performance.now()),
    )
    return answer
  }

  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))

  /**
   * Calls back at the next animation frame (before that frame's style, layout and paint) and once more
   * after that frame's rendering is done (a task posted from the frame runs after it): the first is
   * when the change starts to be drawn, the second when it has been drawn.
   */
  const afterNextFrame = (atFrame, painted) =>
    requestAnimationFrame(() => {
      atFrame(performance.now())
      const channel = new MessageChannel()
      channel.port1.onmessage = () => painted(performance.now())
      channel.port2.postMessage(null)
    })

  /** Scrolls el by px every animation frame until rows * rowHeight, recording each frame's timestamp. */
  bench.scroll = async (selector, { rows, rowHeight, pxPerFrame, maxMs }) => {
    const el = document.querySelector(selector)
    el.scrollTop = 0
    await frame()
    await frame()
    const stamps = []
    let stalls = 0
    const target = rows * rowHeight
    const started = performance.now()
    performance.mark('bench-scroll-start')
    let previous = -1
    for (;;) {
      const stamp = await frame()
      stamps.push(stamp)
      const at = el.scrollTop
      if (at >= target || stamp - started > maxMs) break
      // Still at the end of the rows loaded so far: the next page is on its way.
      if (at === previous) stalls += 1
      previous = at
      el.scrollTop = at + pxPerFrame
    }
    performance.mark('bench-scroll-end')
    const loafs = bench.loafs.filter((l) => l.start >= started)
    return {
      stamps,
      startedAt: started,
      rowsScrolled: Math.floor(el.scrollTop / rowHeight),
      stalls,
      elementsInList: el.getElementsByTagName('*').length,
      loafCount: loafs.length,
      loafMax: Math.max(0, ...loafs.map((l) => l.duration)),
    }
  }

  /** Resolves once no request of the page is waiting for its answer, and 150 ms more have passed. */
  bench.settle = async () => {
    while (bench.requests.some((r) => r.end === null)) await frame()
    await new Promise((resolve) => setTimeout(resolve, 150))
  }

  /**
   * Clicks the row at this position (1-based) once it is on screen, with the reader idle (someone reads
   * an article before opening the next: what the last one started, marking it read, is done); times until
   * the reader shows the article.
   */
  bench.openArticle = async (posinset) => {
    const list = document.querySelector('[role="listbox"]')
    list.scrollTop = (posinset - 2) * 84
    await bench.settle()
    await frame()
    const row = document.querySelector('[role="option"][aria-posinset="' + posinset + '"]')
    if (!row) throw new Error('no row ' + posinset + ' on screen')
    const title = row.querySelector('.row-title').textContent
    const reader = document.querySelector('main') || document.body
    const shown = () => {
      const h1 = document.querySelector('#article-title')
      return h1 && h1.textContent === title && document.querySelector('.article-body')
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the article did not open in 10 s')), 10000)
      let started = 0
      const observer = new MutationObserver(() => {
        if (!shown()) return
        observer.disconnect()
        clearTimeout(timer)
        const dom = performance.now() - started
        let frameMs = 0
        afterNextFrame(
          (at) => (frameMs = at - started),
          (at) => resolve({ domMs: dom, frameMs, paintedMs: at - started, title }),
        )
      })
      observer.observe(reader, { childList: true, subtree: true, characterData: true })
      started = performance.now()
      row.click()
    })
  }

  /**
   * The list's busy/idle changes with their times, so that once typing is over the search that started
   * after the last keystroke can be told from ones that started (and may finish) while typing.
   */
  bench.watchList = () => {
    const list = document.querySelector('[role="listbox"]')
    const log = (bench.listLog = [])
    const record = () => {
      const entry = {
        at: performance.now(),
        busy: list.getAttribute('aria-busy') === 'true',
        count: !!document.querySelector('.list-count'),
        frameAt: null,
        paintedAt: null,
      }
      const last = log[log.length - 1]
      if (last && last.busy === entry.busy && last.count === entry.count) return
      log.push(entry)
      afterNextFrame(
        (at) => (entry.frameAt = at),
        (at) => (entry.paintedAt = at),
      )
    }
    bench.listObserver?.disconnect()
    bench.listObserver = new MutationObserver(record)
    bench.listObserver.observe(document.querySelector('.list-pane'), {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['aria-busy'],
    })
  }

  /**
   * After typing the query: its search request (the renderer's, seen through fetch), and the first moment
   * after it went out that the list was idle with a result count. Times from the last keystroke (the
   * keydown's timestamp).
   */
  bench.resultsAfterLastKey = async (query) => {
    const list = document.querySelector('[role="listbox"]')
    const deadline = performance.now() + 15000
    for (;;) {
      const request = bench.requests.find(
        (r) => r.url.endsWith('/api/search') && r.args && r.args.query === query && !r.args.offset,
      )
      const shown = request && bench.listLog.find((e) => !e.busy && e.count && e.at >= request.start)
      if (shown && shown.paintedAt !== null) {
        bench.listObserver.disconnect()
        return {
          domMs: shown.at - bench.lastKeyAt,
          frameMs: shown.frameAt - bench.lastKeyAt,
          paintedMs: shown.paintedAt - bench.lastKeyAt,
          startedMs: request.start - bench.lastKeyAt,
          serverMs: request.end - request.start,
          rows: list.querySelectorAll('[role="option"]').length,
          // The count was there when the results were; a search or page since may have taken it away.
          count: document.querySelector('.list-count')?.textContent ?? null,
        }
      }
      if (performance.now() > deadline)
        throw new Error('no results 15 s after the last keystroke: ' + JSON.stringify({ lastKeyAt: bench.lastKeyAt, log: bench.listLog, requests: bench.requests.slice(-5) }))
      await frame()
    }
  }

  /** The naive list: every row in the document at once (no virtualization), in a pane like the real one. */
  bench.renderNaiveList = async (items) => {
    const style = document.createElement('style')
    style.textContent =
      '.naive-pane{position:fixed;inset:0 auto 0 0;width:420px;overflow-y:auto;background:Canvas;z-index:1000;margin:0;padding:0;list-style:none}' +
      '.naive-pane li{height:84px;padding:8px 12px;box-sizing:border-box;overflow:hidden;border-bottom:1px solid #8884}'
    document.head.append(style)
    await frame()
    const started = performance.now()
    const pane = document.createElement('ul')
    pane.className = 'naive-pane'
    pane.setAttribute('role', 'list')
    for (const item of items) {
      const li = document.createElement('li')
      li.className = item.read ? 'read' : 'unread'
      const meta = document.createElement('div')
      meta.className = 'row-meta'
      const feed = document.createElement('span')
      feed.className = 'row-feed'
      feed.textContent = item.feed
      const time = document.createElement('time')
      time.className = 'row-time'
      time.textContent = new Date(item.sortTime).toLocaleDateString()
      meta.append(feed, time)
      const title = document.createElement('div')
      title.className = 'row-title'
      title.textContent = item.title
      const snippet = document.createElement('div')
      snippet.className = 'row-snippet'
      snippet.textContent = item.snippet
      li.append(meta, title, snippet)
      pane.append(li)
    }
    document.body.append(pane)
    const built = performance.now()
    await frame()
    await frame()
    return { buildMs: built - started, paintedMs: performance.now() - started }
  }

  /** Every article of the library through the contract (pages of 10,000), for the naive list. */
  bench.fetchAll = async () => {
    const feeds = await (await post('listFeeds', {})).json()
    const titles = new Map(feeds.map((f) => [f.id, f.title]))
    const all = []
    let before
    for (;;) {
      const page = await (await post('listArticles', { limit: 10000, before })).json()
      for (const a of page) all.push({ title: a.title, snippet: a.snippet, sortTime: a.sortTime, read: a.read, feed: titles.get(a.feedId) || '' })
      if (page.length < 10000) return all
      before = page[page.length - 1].sortTime
    }
  }
  // The run's token as the reader keeps it (src/renderer/src/preview-session.ts): no cookie carries it.
  const post = (method, body) =>
    fetch('/api/' + method, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer ' + sessionStorage.getItem('broadsheet-preview-token'),
      },
      body: JSON.stringify(body),
    })
})()
`
