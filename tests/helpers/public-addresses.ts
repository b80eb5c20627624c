import { classifyAddress, type AddressClassifier } from '../../src/main/core/net/address-class'

/**
 * For tests about something else than addresses: every test server listens on 127.0.0.1, which a link
 * from a feed on another server (another port) may not reach. Here loopback plays the public internet.
 */
export const loopbackAsPublic: AddressClassifier = (address) => {
  const kind = classifyAddress(address)
  return kind === 'loopback' ? 'public' : kind
}

/**
 * These servers (127.0.0.1 at their ports) play public servers; every other address, including
 * 127.0.0.1 at any other port, is what it really is.
 */
export function asPublic(...servers: ReadonlyArray<{ origin: string }>): AddressClassifier {
  const ports = new Set(servers.map((server) => Number(new URL(server.origin).port)))
  return (address, port) =>
    ports.has(port) && classifyAddress(address) === 'loopback' ? 'public' : classifyAddress(address)
}
