import type { DefaultTreeAdapterTypes } from 'parse5'

type ParentNode = DefaultTreeAdapterTypes.ParentNode
type ChildNode = DefaultTreeAdapterTypes.ChildNode

/**
 * What untrusted markup may hold before the sanitizer, Readability or jsdom see it. jsdom builds a tree in
 * time that grows with the square of its depth (and of a fragment's siblings), and walks it recursively:
 * 20,000 nested elements cost seconds, then overflow the stack. No article needs this much: below the depth
 * bound only an element's text is kept, and elements past the count are dropped.
 */
export const MAX_DEPTH = 200
export const MAX_ELEMENTS = 20_000
/**
 * Children one element may have before they are grouped into `<div>`s of this many: jsdom inserts and
 * removes a child in time that grows with its siblings, which makes Readability (it moves every node of
 * the page) cost the square of the widest element — 5,000 sibling links took 6 s, 20,000 nearly 2 minutes.
 */
export const MAX_CHILDREN = 1_000

/** Elements whose children a `<div>` may not hold (the parser would move it out): left as they are. */
const UNGROUPED = new Set(['html', 'head', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'colgroup', 'select'])
const HTML_NS = 'http://www.w3.org/1999/xhtml'

/**
 * True when markup has too few tags to exceed any bound (short articles and summaries: anything with
 * more than {@link MAX_DEPTH} `<` is checked by parsing it, which costs a parse5 parse more).
 */
export function surelyWithinBounds(html: string): boolean {
  const most = Math.min(MAX_DEPTH, MAX_ELEMENTS, MAX_CHILDREN)
  let tags = 0
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    if (++tags > most) return false
  }
  return true
}

/**
 * Brings a tree parse5 built (in linear time, whatever its shape) within the bounds, in place, in linear
 * time and without recursion: an element at {@link MAX_DEPTH} keeps only the text of what is inside it,
 * the children of a wide element are grouped ({@link MAX_CHILDREN}), and the elements after the first
 * {@link MAX_ELEMENTS} (in document order) are removed. Returns whether anything changed.
 */
export function boundTree(root: ParentNode): boolean {
  let elements = 0
  let cut = false
  const dropped = new Set<ChildNode>()
  const stack: { node: ChildNode; depth: number }[] = []
  const pushChildren = (parent: ParentNode, depth: number): void => {
    for (let i = parent.childNodes.length - 1; i >= 0; i--)
      stack.push({ node: parent.childNodes[i] as ChildNode, depth })
  }
  if (root.childNodes.length > MAX_CHILDREN && root.nodeName === '#document-fragment') {
    groupChildren(root)
    cut = true
  }
  pushChildren(root, 1)
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: ChildNode; depth: number }
    if (!('tagName' in node)) continue
    if (elements >= MAX_ELEMENTS) {
      dropped.add(node)
      cut = true
      continue
    }
    elements += 1
    const holder = templateContent(node) ?? node
    if (depth >= MAX_DEPTH) {
      if (holder.childNodes.some((child) => 'tagName' in child)) {
        flattenInto(holder)
        cut = true
      }
      continue
    }
    if (holder.childNodes.length > MAX_CHILDREN && !UNGROUPED.has(node.tagName)) {
      groupChildren(holder)
      cut = true
    }
    pushChildren(holder, depth + 1)
  }
  if (dropped.size > 0) removeAll(dropped)
  return cut
}

function templateContent(node: DefaultTreeAdapterTypes.Element): ParentNode | null {
  return 'content' in node && node.content ? (node.content as ParentNode) : null
}

/** Replaces an element's content with the text (and comments) of everything inside it, in order. */
function flattenInto(holder: ParentNode): void {
  const leaves: ChildNode[] = []
  const stack = [...holder.childNodes].reverse()
  while (stack.length > 0) {
    const node = stack.pop() as ChildNode
    if ('tagName' in node) {
      const inside = templateContent(node) ?? node
      for (let i = inside.childNodes.length - 1; i >= 0; i--) stack.push(inside.childNodes[i] as ChildNode)
    } else {
      node.parentNode = holder
      leaves.push(node)
    }
  }
  holder.childNodes = leaves
}

/** Puts a parent's children into `<div>`s of {@link MAX_CHILDREN}, as often as it takes. */
function groupChildren(parent: ParentNode): void {
  while (parent.childNodes.length > MAX_CHILDREN) {
    const groups: ChildNode[] = []
    for (let start = 0; start < parent.childNodes.length; start += MAX_CHILDREN) {
      const group: DefaultTreeAdapterTypes.Element = {
        nodeName: 'div',
        tagName: 'div',
        attrs: [],
        namespaceURI: HTML_NS as DefaultTreeAdapterTypes.Element['namespaceURI'],
        childNodes: parent.childNodes.slice(start, start + MAX_CHILDREN),
        parentNode: parent,
      }
      for (const child of group.childNodes) child.parentNode = group
      groups.push(group)
    }
    parent.childNodes = groups
  }
}

/** Removes these nodes, each parent's list rewritten once. */
function removeAll(nodes: Set<ChildNode>): void {
  const parents = new Set([...nodes].map((node) => node.parentNode as ParentNode))
  for (const parent of parents) parent.childNodes = parent.childNodes.filter((child) => !nodes.has(child))
}
