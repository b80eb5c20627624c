/** Tasks of one host: how many run, and the starts of those waiting, oldest first. */
interface HostQueue {
  active: number
  waiting: Array<() => void>
}

/**
 * Bounded concurrency for network tasks: at most `total` at once, and at most `perHost` against any
 * one host, so a sync neither floods the network nor hammers one server.
 *
 * Waiting tasks are started host by host in turn (round robin), each host's own tasks in order: a
 * host with hundreds of queued tasks gets one turn like any other, so it cannot starve the rest.
 */
export class HostLimiter {
  readonly #total: number
  readonly #perHost: number
  #active = 0
  readonly #hosts = new Map<string, HostQueue>()
  /** Hosts with waiting tasks, the one to serve next first. */
  #turns: string[] = []

  constructor(options: { total?: number; perHost?: number } = {}) {
    this.#total = Math.max(1, options.total ?? 6)
    this.#perHost = Math.max(1, options.perHost ?? 2)
  }

  /** Runs `task` once a slot is free for `url`'s host (and port); settles as the task does. */
  run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const host = hostOf(url)
    let queue = this.#hosts.get(host)
    if (!queue) this.#hosts.set(host, (queue = { active: 0, waiting: [] }))
    const hostQueue = queue
    return new Promise<T>((resolve, reject) => {
      hostQueue.waiting.push(() => {
        const release = (): void => {
          this.#active--
          hostQueue.active--
          if (hostQueue.active === 0 && hostQueue.waiting.length === 0) this.#hosts.delete(host)
          this.#startNext()
        }
        // A task that throws synchronously still releases its slot.
        new Promise<T>((run) => run(task())).then(resolve, reject).finally(release)
      })
      if (hostQueue.waiting.length === 1) this.#turns.push(host)
      this.#startNext()
    })
  }

  #startNext(): void {
    while (this.#active < this.#total) {
      const index = this.#turns.findIndex((host) => this.#hosts.get(host)!.active < this.#perHost)
      if (index === -1) return
      const host = this.#turns[index]!
      const queue = this.#hosts.get(host)!
      this.#turns.splice(index, 1)
      if (queue.waiting.length > 1) this.#turns.push(host)
      const start = queue.waiting.shift()!
      this.#active++
      queue.active++
      start()
    }
  }
}

/**
 * The server a task talks to: host and port (`URL.host`), as browsers bound connections per origin, so
 * two servers on one machine are two hosts. An unparsable address is its own "host", so its task still
 * runs (and fails).
 */
function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
