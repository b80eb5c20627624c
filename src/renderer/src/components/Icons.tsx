/** Small line icons (24×24, currentColor), decorative: the buttons that hold them carry the names. */

function Icon({ path }: { path: string }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path
        d={path}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}

export const RefreshIcon = () => <Icon path="M20 11a8 8 0 1 0-2.3 5.7M20 5v6h-6" />
export const SidebarIcon = () => <Icon path="M4 5h16v14H4zM9 5v14" />
export const PlusIcon = () => <Icon path="M12 5v14M5 12h14" />
export const SaveIcon = () => <Icon path="M12 4v11m0 0-4-4m4 4 4-4M5 20h14" />
export const GearIcon = () => (
  <Icon path="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
)
export const KeyboardIcon = () => <Icon path="M3 7h18v10H3zM7 11h.01M11 11h.01M15 11h.01M8 14h8" />
export const BookmarkIcon = ({ filled }: { filled?: boolean }) => (
  <svg className="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
    <path
      d="M6 4h12v16l-6-4-6 4z"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth="2"
      strokeLinejoin="round"
    />
  </svg>
)
export const ExternalIcon = () => (
  <Icon path="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />
)
export const UpIcon = () => <Icon path="M6 15l6-6 6 6" />
export const DownIcon = () => <Icon path="M6 9l6 6 6-6" />
export const CircleIcon = ({ filled }: { filled?: boolean }) => (
  <svg className="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
    <circle
      cx="12"
      cy="12"
      r="6"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth="2"
    />
  </svg>
)
export const MoreIcon = () => <Icon path="M5 12h.01M12 12h.01M19 12h.01" />
export const ChevronIcon = ({ open }: { open: boolean }) => (
  <Icon path={open ? 'M6 9l6 6 6-6' : 'M9 6l6 6-6 6'} />
)
export const WarningIcon = () => (
  <Icon path="M12 9v4M12 17h.01M10.3 3.9 2 18a2 2 0 0 0 1.7 3h16.6a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
)
export const CheckAllIcon = () => <Icon path="M3 12l5 5L18 7M10 17l1 1 10-10" />
export const ExportIcon = () => (
  <Icon path="M12 15V4m0 0L8 8m4-4 4 4M5 14v5a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-5" />
)
/** A magnifier with a plus: keep this search (as a smart feed). */
export const SaveSearchIcon = () => (
  <Icon path="M10 4a6 6 0 1 0 0 12 6 6 0 0 0 0-12zM14.5 14.5 20 20M10 7.5v5M7.5 10h5" />
)
export const CloseIcon = () => <Icon path="M6 6l12 12M18 6 6 18" />
