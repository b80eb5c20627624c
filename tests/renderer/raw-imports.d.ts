/** Vite's `?raw` imports: a file's text (the stylesheet test reads styles.css this way). */
declare module '*?raw' {
  const text: string
  export default text
}
