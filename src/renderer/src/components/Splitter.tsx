import type { KeyboardEvent, PointerEvent } from 'react'

interface SplitterProps {
  label: string
  /** The width of the pane before it, in pixels. */
  value: number
  min: number
  max: number
  onChange: (width: number) => void
}

/** A draggable (and keyboard-adjustable) divider between two panes. */
export function Splitter({ label, value, min, max, onChange }: SplitterProps) {
  const clamp = (width: number): number => Math.round(Math.max(min, Math.min(max, width)))
  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    const startX = event.clientX
    const startWidth = value
    const target = event.currentTarget
    target.setPointerCapture(event.pointerId)
    const move = (next: globalThis.PointerEvent): void => onChange(clamp(startWidth + next.clientX - startX))
    const up = (): void => {
      target.removeEventListener('pointermove', move)
      target.removeEventListener('pointerup', up)
    }
    target.addEventListener('pointermove', move)
    target.addEventListener('pointerup', up)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.shiftKey ? 48 : 16
    if (event.key === 'ArrowLeft') onChange(clamp(value - step))
    else if (event.key === 'ArrowRight') onChange(clamp(value + step))
    else if (event.key === 'Home') onChange(min)
    else if (event.key === 'End') onChange(max)
    else return
    event.preventDefault()
  }
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  )
}
