import { BlockList, isIP } from 'node:net'

/**
 * What an IP address is, as far as reaching it goes: `public` (globally reachable unicast) or the reason
 * it is not. Only `public` addresses may be reached by a link or image a feed names, unless it is on the
 * feed's own host (see `trustedHosts` in http-fetch.ts).
 */
export type AddressKind =
  'public' | 'unspecified' | 'loopback' | 'private' | 'link-local' | 'unique-local' | 'multicast' | 'reserved'

/**
 * Classifies an address a fetch is about to connect to (an IP literal of the URL, or one DNS gave), with
 * the port it would connect on. {@link classifyAddress} ignores the port; it is there for tests, whose
 * servers all run on 127.0.0.1, so that one port can play a public server and another a private one.
 */
export type AddressClassifier = (address: string, port: number) => AddressKind

type Range = readonly [address: string, prefix: number]

/**
 * The IPv4 ranges that are not globally reachable (IANA's IPv4 Special-Purpose Address Registry, plus
 * multicast and the reserved 240/4), by the kind they are reported as.
 */
const IPV4: Record<Exclude<AddressKind, 'public' | 'unique-local'>, readonly Range[]> = {
  unspecified: [['0.0.0.0', 8]],
  loopback: [['127.0.0.0', 8]],
  // 100.64/10 is the carriers' NAT space: as private as 192.168/16 to the machine behind it.
  private: [
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
  ],
  'link-local': [['169.254.0.0', 16]],
  multicast: [['224.0.0.0', 4]],
  reserved: [
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['240.0.0.0', 4],
  ],
}

const IPV6: Partial<Record<AddressKind, readonly Range[]>> = {
  unspecified: [['::', 128]],
  loopback: [['::1', 128]],
  'unique-local': [['fc00::', 7]],
  'link-local': [['fe80::', 10]],
  multicast: [['ff00::', 8]],
  // Inside 2000::/3 but not globally reachable: IETF protocol assignments (Teredo among them) and the
  // documentation and segment-routing prefixes.
  reserved: [
    ['2001::', 23],
    ['2001:db8::', 32],
    ['3fff::', 20],
    ['5f00::', 16],
  ],
}

/**
 * IPv6 prefixes that carry an IPv4 address, which is where a connection to them ends up: NAT64
 * (64:ff9b::/96, what DNS64 networks give for every IPv4-only site) and 6to4 (2002::/16). Each IPv4 range
 * is listed again inside them. IPv4-mapped addresses (::ffff:0:0/96) need no such copy: BlockList
 * matches them against the IPv4 rules itself.
 */
const EMBEDDING_V4: readonly Range[] = [
  ['64:ff9b::', 96],
  ['2002::', 16],
]

/** Where public IPv6 addresses are: global unicast, and the prefixes that carry a (public) IPv4. */
const GLOBAL_V6: readonly Range[] = [['2000::', 3], ['::ffff:0:0', 96], ...EMBEDDING_V4]

const lists = new Map<Exclude<AddressKind, 'public'>, BlockList>()
for (const [kind, ranges] of Object.entries(IPV4) as Array<[Exclude<AddressKind, 'public'>, Range[]]>) {
  const list = listOf(kind)
  for (const [address, prefix] of ranges) {
    list.addSubnet(address, prefix, 'ipv4')
    for (const [outer, outerPrefix] of EMBEDDING_V4) {
      list.addSubnet(embed(address, outer, outerPrefix), outerPrefix + prefix, 'ipv6')
    }
  }
}
for (const [kind, ranges] of Object.entries(IPV6) as Array<[Exclude<AddressKind, 'public'>, Range[]]>) {
  const list = listOf(kind)
  for (const [address, prefix] of ranges) list.addSubnet(address, prefix, 'ipv6')
}
const globalV6 = new BlockList()
for (const [address, prefix] of GLOBAL_V6) globalV6.addSubnet(address, prefix, 'ipv6')

function listOf(kind: Exclude<AddressKind, 'public'>): BlockList {
  let list = lists.get(kind)
  if (!list) lists.set(kind, (list = new BlockList()))
  return list
}

/** `v4` placed in the bits right after `prefix` bits of `outer` (an IPv6 prefix written with `::`). */
function embed(v4: string, outer: string, prefix: number): string {
  const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number]
  const high = ((a << 8) | b).toString(16)
  const low = ((c << 8) | d).toString(16)
  // 64:ff9b::/96 ends where the IPv4 goes; 2002::/16 has it in the two groups after the first.
  return prefix === 96 ? `${outer}${high}:${low}` : `${outer.replace(/::$/, '')}:${high}:${low}::`
}

/**
 * Says what kind of address an IP is. It takes the forms Node's URL parser and DNS give (dotted IPv4,
 * IPv6 in any of its spellings, with or without brackets); the URL parser has already turned the other
 * IPv4 spellings (`0x7f000001`, `127.1`, `0177.0.0.1`, `2130706433`) into dotted form. Anything that is
 * not an IP is `reserved`: never public.
 */
export function classifyAddress(address: string): AddressKind {
  const ip = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
  const version = isIP(ip)
  if (version === 0) return 'reserved'
  const family = version === 4 ? 'ipv4' : 'ipv6'
  for (const [kind, list] of lists) if (list.check(ip, family)) return kind
  return family === 'ipv4' || globalV6.check(ip, 'ipv6') ? 'public' : 'reserved'
}

/** The kind in words, for a one-line reason: "a loopback address". */
export function describeKind(kind: AddressKind): string {
  switch (kind) {
    case 'public':
      return 'a public address'
    case 'unspecified':
      return 'an unspecified address'
    case 'unique-local':
      return 'a unique local address'
    default:
      return `a ${kind} address`
  }
}
