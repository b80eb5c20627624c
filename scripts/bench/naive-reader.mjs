// The naive reader of `npm run bench`'s startup section, in plain JavaScript so that it starts as fast
// as the built CLI does (no TypeScript loader): the whole library is one JSON file, read and parsed
// before anything can be listed.
//
//   node scripts/bench/naive-reader.mjs list FILE LIMIT   prints the newest LIMIT articles as JSON
//   node scripts/bench/naive-reader.mjs serve FILE        serves POST /api/listArticles on 127.0.0.1
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'

const [mode, file, limitArg] = process.argv.slice(2)

async function load() {
  return JSON.parse(await readFile(file, 'utf8'))
}

function newest(library, limit) {
  const time = (article) => Date.parse(article.published ?? article.fetchedAt)
  return library.articles
    .slice()
    .sort((a, b) => time(b) - time(a))
    .slice(0, limit)
    .map((article) => ({
      id: article.id,
      feedId: article.feedId,
      title: article.title,
      url: article.url,
      author: article.author,
      published: article.published,
      snippet: article.contentText.slice(0, 200),
      read: article.read,
      bookmarked: article.bookmarked,
    }))
}

if (mode === 'list') {
  const library = await load()
  process.stdout.write(`${JSON.stringify(newest(library, Number(limitArg) || 100))}\n`)
} else if (mode === 'serve') {
  const token = randomBytes(32).toString('base64url')
  const library = await load()
  const server = createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${token}` || request.url !== '/api/listArticles') {
      response.writeHead(403).end()
      return
    }
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      const query = body ? JSON.parse(body) : {}
      const json = JSON.stringify(newest(library, query.limit ?? 100))
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(json)
    })
  })
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`Naive preview: http://127.0.0.1:${server.address().port}/?token=${token}\n`)
  })
  const stop = () => server.close(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
} else {
  process.stderr.write('usage: naive-reader.mjs list FILE LIMIT | serve FILE\n')
  process.exit(2)
}
