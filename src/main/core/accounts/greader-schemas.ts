import { z } from 'zod'

/*
 * What Google Reader API servers answer, as FreshRSS and Miniflux send it. Every answer is parsed
 * against one of these before Broadsheet uses it: a server answering HTML, garbage or a different shape
 * is an error of that account, never a crash. Keys beyond these are ignored.
 */

const text = z.string()
const optionalText = z.string().nullish()

/** `reader/api/0/subscription/list?output=json` */
export const subscriptionListSchema = z.object({
  subscriptions: z.array(
    z.object({
      /** `feed/…`: the subscription's stream id. */
      id: text,
      title: optionalText,
      /** Labels: `user/-/label/NAME` (FreshRSS), `user/1/label/NAME` (Miniflux). */
      categories: z.array(z.object({ id: text, label: optionalText })).nullish(),
      url: optionalText,
      htmlUrl: optionalText,
    }),
  ),
})

/** `reader/api/0/stream/items/ids?output=json` */
export const itemIdsSchema = z.object({
  itemRefs: z
    .array(
      z.object({ id: z.union([text, z.number()]), timestampUsec: z.union([text, z.number()]).nullish() }),
    )
    .nullish(),
  continuation: z.union([text, z.number()]).nullish(),
})

const link = z.array(z.object({ href: text }).passthrough()).nullish()
const body = z.object({ content: z.string().nullish() }).nullish()

/** One item of `reader/api/0/stream/items/contents`. */
export const itemSchema = z.object({
  id: z.union([text, z.number()]),
  title: optionalText,
  /** Seconds since the epoch. */
  published: z.union([z.number(), text]).nullish(),
  crawlTimeMsec: z.union([text, z.number()]).nullish(),
  timestampUsec: z.union([text, z.number()]).nullish(),
  canonical: link,
  alternate: link,
  summary: body,
  content: body,
  author: optionalText,
  origin: z.object({ streamId: optionalText, title: optionalText, htmlUrl: optionalText }).nullish(),
  categories: z.array(text).nullish(),
})

export type ServerItem = z.infer<typeof itemSchema>

/** `reader/api/0/stream/items/contents?output=json` (POST, `i=` per item). */
export const itemContentsSchema = z.object({ items: z.array(z.unknown()).nullish() })
