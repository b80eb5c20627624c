import { describe, expect, test } from 'vitest'
import { classifyAddress, type AddressKind } from '../../../../src/main/core/net/address-class'

/**
 * Hosts as a feed may write them, each through the URL parser (which is what the fetch sees): every
 * spelling of an address must land on the same kind.
 */
const SPELLINGS: ReadonlyArray<readonly [host: string, kind: AddressKind]> = [
  // loopback, every way the URL parser reads IPv4 and IPv6
  ['127.0.0.1', 'loopback'],
  ['127.0.0.1.', 'loopback'],
  ['127.1', 'loopback'],
  ['127.0.1', 'loopback'],
  ['0x7f000001', 'loopback'],
  ['0x7F.0.0.1', 'loopback'],
  ['0x7f.1', 'loopback'],
  ['2130706433', 'loopback'],
  ['0177.0.0.1', 'loopback'],
  ['017700000001', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['[::1]', 'loopback'],
  ['[0:0:0:0:0:0:0:1]', 'loopback'],
  ['[::ffff:127.0.0.1]', 'loopback'],
  ['[::ffff:7f00:1]', 'loopback'],
  ['[0:0:0:0:0:ffff:7f00:1]', 'loopback'],
  ['[64:ff9b::127.0.0.1]', 'loopback'],
  // "this network": Linux connects 0.0.0.0 to the machine itself
  ['0.0.0.0', 'unspecified'],
  ['0', 'unspecified'],
  ['0x0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['[::]', 'unspecified'],
  // private networks, and the carriers' NAT space
  ['10.0.0.1', 'private'],
  ['012.0.0.1', 'private'],
  ['0xa.0.0.1', 'private'],
  ['167772161', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.5', 'private'],
  ['0xc0a80105', 'private'],
  ['3232235781', 'private'],
  ['192.168.257', 'private'],
  ['[::ffff:192.168.1.5]', 'private'],
  ['[::ffff:c0a8:105]', 'private'],
  ['[2002:c0a8:105::1]', 'private'],
  ['100.64.0.1', 'private'],
  ['100.127.255.255', 'private'],
  // link-local, the cloud metadata address among them
  ['169.254.169.254', 'link-local'],
  ['0xa9fea9fe', 'link-local'],
  ['2852039166', 'link-local'],
  ['0251.0376.0251.0376', 'link-local'],
  ['169.254.43518', 'link-local'],
  ['[::ffff:169.254.169.254]', 'link-local'],
  ['[::ffff:a9fe:a9fe]', 'link-local'],
  ['[64:ff9b::a9fe:a9fe]', 'link-local'],
  ['[fe80::1]', 'link-local'],
  ['[febf:ffff::1]', 'link-local'],
  // unique local IPv6
  ['[fc00::1]', 'unique-local'],
  ['[fd12:3456:789a::1]', 'unique-local'],
  // multicast and broadcast
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['[ff02::1]', 'multicast'],
  ['[ff05::1:3]', 'multicast'],
  ['255.255.255.255', 'reserved'],
  ['0xffffffff', 'reserved'],
  ['240.0.0.1', 'reserved'],
  // documentation, benchmarking, protocol assignments and deprecated IPv6
  ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['198.51.100.7', 'reserved'],
  ['203.0.113.9', 'reserved'],
  ['[2001:db8::1]', 'reserved'],
  ['[2001::1]', 'reserved'],
  ['[::127.0.0.1]', 'reserved'],
  ['[fec0::1]', 'reserved'],
  ['[100::1]', 'reserved'],
  ['[64:ff9b:1::1]', 'reserved'],
  // public, including the addresses right outside each range
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['0x8080808', 'public'],
  ['134744072', 'public'],
  ['9.255.255.255', 'public'],
  ['11.0.0.0', 'public'],
  ['100.63.255.255', 'public'],
  ['100.128.0.0', 'public'],
  ['126.255.255.255', 'public'],
  ['128.0.0.0', 'public'],
  ['169.253.255.255', 'public'],
  ['169.255.0.0', 'public'],
  ['172.15.255.255', 'public'],
  ['172.32.0.0', 'public'],
  ['192.167.255.255', 'public'],
  ['192.169.0.0', 'public'],
  ['223.255.255.255', 'public'],
  ['[2606:4700:4700::1111]', 'public'],
  ['[2a00:1450:4001::200e]', 'public'],
  ['[::ffff:8.8.8.8]', 'public'],
  ['[64:ff9b::8.8.8.8]', 'public'],
  ['[2002:808:808::1]', 'public'],
]

describe('classifyAddress', () => {
  test.each(SPELLINGS)('http://%s/ is %s', (host, kind) => {
    const { hostname } = new URL(`http://${host}/`)
    expect(classifyAddress(hostname)).toBe(kind)
  })

  test.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['2606:4700:4700::1111', 'public'],
  ] as const)('%s as DNS gives it is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind)
  })

  test('anything that is not an IP is never public', () => {
    for (const text of ['localhost', 'example.com', '', '[]', '127.0.0.1:80', '1.2.3.4.5']) {
      expect(classifyAddress(text), text).toBe('reserved')
    }
  })
})
