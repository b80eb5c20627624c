import { memo, useState } from 'react'
import { cacheImageUrl } from '../api-client'

const HASH = /^[0-9a-f]{64}$/

/**
 * A feed's site icon at 16 px, from the image cache (so it shows offline), or a neutral square when the
 * feed has none or it cannot be shown. Decorative: the feed's name is beside it.
 */
export const FeedIcon = memo(function FeedIcon({ hash }: { hash: string | null | undefined }) {
  const [failed, setFailed] = useState<string | null>(null)
  if (!hash || !HASH.test(hash) || failed === hash) {
    return <span className="feed-icon feed-icon-none" aria-hidden="true" />
  }
  return (
    <img
      className="feed-icon"
      src={cacheImageUrl(hash)}
      width={16}
      height={16}
      alt=""
      aria-hidden="true"
      draggable={false}
      onError={() => setFailed(hash)}
    />
  )
})
