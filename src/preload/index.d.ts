import type { BroadsheetBridge } from '../shared/contract'

declare global {
  interface Window {
    /** The app's bridge (src/preload/index.ts); absent in the browser preview, which talks HTTP. */
    broadsheet?: BroadsheetBridge
  }
}

export {}
