import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { clientReady } from './api-client'
import './styles.css'
import { applyStartupAppearance } from './theme'

applyStartupAppearance()

const root = document.getElementById('root')
// The client first: in the preview, image addresses are derived from the token before anything renders.
void clientReady.then(() => {
  if (!root) return
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
})
