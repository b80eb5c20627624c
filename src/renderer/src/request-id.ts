/** An id for one request, to cancel it by (the contract's ids: letters, digits, - and _). */
export function newRequestId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`
}
